import { EventName, type EventEnvelope, type EventName as Name, type EventPayloads, type Message } from '@chat/contracts';
import { auditEntriesOf } from './event-audit-entries';

let n = 0;
function envelope<N extends Name>(name: N, payload: EventPayloads[N]): EventEnvelope {
  n += 1;
  return { id: `0190a000-0000-7000-8000-00000000000${n}`, name, tenantId: 't', aggregateType: 'conversation', aggregateId: 'c', occurredAt: '2026-12-04T03:00:00.000Z', headers: { 'x-request-id': `req-${n}` }, payload } as EventEnvelope;
}
const message = (over: Partial<Message> = {}): Message => ({
  id: 'm1', conversationId: 'c', seq: 7, senderId: 'alice', body: 'a secret', attachments: [], createdAt: '', editedAt: null, deletedAt: null, reactions: {}, myReactions: [], clientMessageId: 'x', version: 1, ...over,
});

describe('audit entries of events', () => {
  it('records sends, edits and deletions with the actor, the message and its seq, never the body', () => {
    const entries = auditEntriesOf([
      envelope(EventName.MessageSent, { message: message() }),
      envelope(EventName.MessageEdited, { message: message({ version: 2 }) }),
      envelope(EventName.MessageDeleted, { message: message({ version: 3, body: '' }), deletedBy: 'moderator' }),
    ]);
    expect(entries.map((e) => [e.action, e.actorId, e.messageId, e.details])).toEqual([
      ['message.send', 'alice', 'm1', { seq: 7, version: 1 }],
      ['message.edit', 'alice', 'm1', { seq: 7, version: 2 }],
      ['message.delete', 'moderator', 'm1', { seq: 7, version: 3, senderId: 'alice' }],
    ]);
    expect(JSON.stringify(entries)).not.toContain('a secret');
  });

  it('records a body the content policy refused as a failed attempt by its sender, with the rule and the reason', () => {
    const [entry] = auditEntriesOf([envelope(EventName.MessagePolicyRefused, { conversationId: 'c', senderId: 'alice', messageId: null, rule: 'blocked-term', reason: 'scam*' })]);
    expect(entry).toMatchObject({ action: 'message.policy-refused', outcome: 'failure', errorCode: 'CONTENT_POLICY_VIOLATION', actorId: 'alice', conversationId: 'c', messageId: null, details: { rule: 'blocked-term', reason: 'scam*' } });
  });

  it('records a pin and an unpin by whoever made them, with the message and its seq', () => {
    const entries = auditEntriesOf([
      envelope(EventName.PinChanged, { conversationId: 'c', messageId: 'm1', seq: 7, userId: 'bob', pinned: true }),
      envelope(EventName.PinChanged, { conversationId: 'c', messageId: 'm1', seq: 7, userId: 'carol', pinned: false }),
    ]);
    expect(entries.map((e) => [e.action, e.actorId, e.conversationId, e.messageId, e.details])).toEqual([
      ['message.pin', 'bob', 'c', 'm1', { seq: 7 }],
      ['message.unpin', 'carol', 'c', 'm1', { seq: 7 }],
    ]);
  });

  it('takes the event id, time and request id, so the same event always makes the same entry', () => {
    const event = envelope(EventName.ConversationDeleted, { conversationId: 'c', memberIds: ['a'], deletedBy: 'owner' });
    const [entry] = auditEntriesOf([event]);
    expect(entry).toMatchObject({ id: event.id, tenantId: 't', occurredAt: new Date(event.occurredAt), requestId: event.headers['x-request-id'], action: 'conversation.delete', actorId: 'owner', outcome: 'success' });
    expect(auditEntriesOf([event])).toEqual([entry]);
  });

  it('records a deletion without its actor when an older event does not name one or retention deleted it, and leaves other events out', () => {
    expect(auditEntriesOf([envelope(EventName.ConversationDeleted, { conversationId: 'c', memberIds: [] })])[0].actorId).toBeNull();
    expect(auditEntriesOf([envelope(EventName.MessageDeleted, { message: message(), deletedBy: null })])[0]).toMatchObject({ actorId: null, details: { by: 'retention' } });
    expect(auditEntriesOf([envelope(EventName.ReadAdvanced, { conversationId: 'c', userId: 'u', seq: 1 })])).toEqual([]);
  });

  it('records a business passed on, or closed, with its owner’s deleted account: no actor, who had it and who has it now', () => {
    const entries = auditEntriesOf([
      envelope(EventName.BusinessOwnerChanged, { businessId: 'b1', previousOwnerId: 'dave', ownerId: 'erin' }),
      envelope(EventName.BusinessOwnerChanged, { businessId: 'b2', previousOwnerId: 'dave', ownerId: null }),
    ]);
    expect(entries.map((e) => [e.action, e.actorId, e.conversationId, e.details])).toEqual([
      ['business.owner-change', null, null, { businessId: 'b1', previousOwnerId: 'dave', ownerId: 'erin', by: 'account-deletion' }],
      ['business.owner-change', null, null, { businessId: 'b2', previousOwnerId: 'dave', ownerId: null, by: 'account-deletion' }],
    ]);
  });
});

import { EventName, type EventEnvelope, type EventName as Name, type EventPayloads, type Message } from '@chat/contracts';
import { changesFor, toSyncChange } from './change-log';

const envelope = <N extends Name>(name: N, payload: EventPayloads[N]): EventEnvelope =>
  ({ id: 'e1', name, tenantId: 't', aggregateType: 'conversation', aggregateId: 'c', occurredAt: '', headers: {}, payload }) as EventEnvelope;

const message = { id: 'm1', conversationId: 'c', seq: 3, senderId: 'alice', body: 'hi', version: 1 } as Message;

describe('changesFor (sync change log)', () => {
  it('logs messages for the members, keyed by message id so later edits can refresh them', () => {
    const [created] = changesFor(envelope(EventName.MessageSent, { message }));
    expect(created).toEqual({ conversationId: 'c', audience: 'members', userId: null, messageId: 'm1', type: 'message.created', payload: { message } });
    expect(toSyncChange(created)).toEqual({ type: 'message.created', conversationId: 'c', message });
    const [deleted] = changesFor(envelope(EventName.MessageDeleted, { message: { ...message, body: '' }, deletedBy: 'alice' }));
    expect(toSyncChange(deleted)).toEqual({ type: 'message.deleted', conversationId: 'c', id: 'm1', seq: 3 });
  });
  it('shows a membership change to the member it is about, even after they left', () => {
    const [left] = changesFor(envelope(EventName.MemberLeft, { conversationId: 'c', userId: 'bob', role: null, actorId: 'alice', reason: 'removed' }));
    expect(left).toMatchObject({ audience: 'members', userId: 'bob', type: 'member.left', payload: { userId: 'bob' } });
  });
  it('logs a delivery write for the members in the shape of the live delivered frame', () => {
    const pointers = [{ userId: 'bob', seq: 3 }];
    const [delivered] = changesFor(envelope(EventName.DeliveryAdvanced, { conversationId: 'c', pointers }));
    expect(delivered).toEqual({ conversationId: 'c', audience: 'members', userId: null, messageId: null, type: 'delivered', payload: { pointers } });
    expect(toSyncChange(delivered)).toEqual({ type: 'delivered', conversationId: 'c', pointers });
  });
  it('keeps mute private and tells every former member about a deletion', () => {
    expect(changesFor(envelope(EventName.MemberMuted, { conversationId: 'c', userId: 'bob', muted: true }))).toEqual([
      { conversationId: 'c', audience: 'user', userId: 'bob', messageId: null, type: 'mute.updated', payload: { muted: true } },
    ]);
    const rows = changesFor(envelope(EventName.ConversationDeleted, { conversationId: 'c', memberIds: ['a', 'b'] }));
    expect(rows.map((r) => [r.audience, r.userId, r.type])).toEqual([
      ['user', 'a', 'conversation.deleted'],
      ['user', 'b', 'conversation.deleted'],
    ]);
  });
  it('logs a favourite for its member alone, in the shape of the live favourite.updated frame', () => {
    const [starred] = changesFor(envelope(EventName.MemberFavourited, { conversationId: 'c', userId: 'bob', favourite: true }));
    expect(starred).toEqual({ conversationId: 'c', audience: 'user', userId: 'bob', messageId: null, type: 'favourite.updated', payload: { favourite: true } });
    expect(toSyncChange(starred)).toEqual({ type: 'favourite.updated', conversationId: 'c', favourite: true });
  });
  it('logs a reaction change with the live frame\'s fields, so a device catching up keeps its own reactions right', () => {
    const [changed] = changesFor(envelope(EventName.ReactionChanged, { conversationId: 'c', messageId: 'm1', seq: 3, userId: 'bob', emoji: '👍', added: true, reactions: { '👍': 2 } }));
    expect(toSyncChange(changed)).toEqual({ type: 'reaction.updated', conversationId: 'c', messageId: 'm1', reactions: { '👍': 2 }, userId: 'bob', emoji: '👍', added: true });
  });
  it('logs nothing for events no client syncs', () => {
    expect(changesFor(envelope(EventName.ConversationCreated, { conversation: {} as never, memberIds: [] }))).toEqual([]);
  });
});

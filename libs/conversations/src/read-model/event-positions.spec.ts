import { EventName, type EventEnvelope, type EventName as Name, type EventPayloads, type Message } from '@chat/contracts';
import { CONVERSATION_DELETED_POSITION, subjectOf } from './event-positions';

const envelope = <N extends Name>(name: N, payload: EventPayloads[N]): EventEnvelope =>
  ({ id: 'e1', name, tenantId: 't', aggregateType: 'conversation', aggregateId: 'c', occurredAt: '', position: 42, headers: {}, payload }) as EventEnvelope;

describe('subjectOf (read-model watermarks)', () => {
  it('orders a membership by its joins and leaves, and a role, mute or favourite also behind the member\'s next join or leave', () => {
    const member = { conversationId: 'c', userId: 'bob', actorId: 'alice' };
    expect(subjectOf(envelope(EventName.MemberJoined, { ...member, role: 'member', reason: 'joined' }))).toEqual({ conversationId: 'c', subject: 'member:bob', position: '42', membership: null });
    expect(subjectOf(envelope(EventName.MemberLeft, { ...member, role: null, reason: 'left' }))).toMatchObject({ subject: 'member:bob', membership: null });
    expect(subjectOf(envelope(EventName.MemberRoleChanged, { ...member, role: 'admin', reason: 'role-changed' }))).toMatchObject({ subject: 'role:bob', membership: 'member:bob' });
    expect(subjectOf(envelope(EventName.MemberMuted, { conversationId: 'c', userId: 'bob', muted: true }))).toMatchObject({ subject: 'muted:bob', membership: 'member:bob' });
    expect(subjectOf(envelope(EventName.MemberFavourited, { conversationId: 'c', userId: 'bob', favourite: true }))).toMatchObject({ subject: 'favourite:bob', membership: 'member:bob' });
  });

  it('makes a deletion the newest event of its conversation for good', () => {
    const conversation = { id: 'c' } as never;
    expect(subjectOf(envelope(EventName.ConversationUpdated, { conversation, memberIds: [] }))).toMatchObject({ subject: 'conversation', position: '42' });
    expect(subjectOf(envelope(EventName.ConversationDeleted, { conversationId: 'c', memberIds: [] }))).toMatchObject({ subject: 'conversation', position: CONVERSATION_DELETED_POSITION });
  });

  it('leaves out events without a position, and those whose state carries its own order (messages, read pointers)', () => {
    expect(subjectOf({ ...envelope(EventName.MemberMuted, { conversationId: 'c', userId: 'bob', muted: true }), position: undefined })).toBeNull();
    expect(subjectOf(envelope(EventName.MessageEdited, { message: { id: 'm1' } as Message }))).toBeNull();
    expect(subjectOf(envelope(EventName.ReadAdvanced, { conversationId: 'c', userId: 'bob', seq: 3 }))).toBeNull();
  });
});

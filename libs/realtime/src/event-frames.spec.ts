import { EventName, type EventEnvelope, type EventName as Name, type EventPayloads, type Message } from '@chat/contracts';
import { actionsFor } from './event-frames';

const envelope = <N extends Name>(name: N, payload: EventPayloads[N]): EventEnvelope =>
  ({ id: 'e1', name, tenantId: 't', aggregateType: 'conversation', aggregateId: 'c', occurredAt: '', headers: {}, payload }) as EventEnvelope;
const featureRefresh = { refreshAfterMs: 5_000, refreshSpreadMs: 10_000 };
const framesOf = (event: EventEnvelope) => actionsFor(event, featureRefresh);
const message = { id: 'm1', conversationId: 'c', seq: 7, senderId: 'alice', body: '', version: 2 } as Message;

describe('actionsFor (fan-out frames)', () => {
  it('sends message changes to the conversation room, deletions without content', () => {
    expect(framesOf(envelope(EventName.MessageEdited, { message }))).toEqual([{ kind: 'emit', rooms: ['conv:c'], frame: 'message.updated', payload: { message } }]);
    expect(framesOf(envelope(EventName.MessageDeleted, { message, deletedBy: 'bob' }))).toEqual([
      { kind: 'emit', rooms: ['conv:c'], frame: 'message.deleted', payload: { conversationId: 'c', id: 'm1', seq: 7 } },
    ]);
  });
  it('sends a reaction change to the conversation room with who reacted, so their devices keep their own set', () => {
    const changed = { conversationId: 'c', messageId: 'm1', seq: 7, userId: 'bob', emoji: '👍', added: false, reactions: { '❤️': 2 } };
    expect(framesOf(envelope(EventName.ReactionChanged, changed))).toEqual([
      { kind: 'emit', rooms: ['conv:c'], frame: 'reaction.updated', payload: { conversationId: 'c', messageId: 'm1', reactions: { '❤️': 2 }, userId: 'bob', emoji: '👍', added: false } },
    ]);
  });
  it('sends a read to the conversation and to the reader’s other devices, a mute only to the member’s devices', () => {
    expect(framesOf(envelope(EventName.ReadAdvanced, { conversationId: 'c', userId: 'bob', seq: 3 }))[0]).toMatchObject({ rooms: ['conv:c', 'user:bob', 'scoped:c:bob'], frame: 'read' });
    expect(framesOf(envelope(EventName.MemberMuted, { conversationId: 'c', userId: 'bob', muted: true }))).toEqual([
      { kind: 'emit', rooms: ['user:bob', 'scoped:c:bob'], frame: 'mute.updated', payload: { conversationId: 'c', muted: true } },
    ]);
  });
  it('tells every device of the tenant which flag changed and when to ask again, not what it now is', () => {
    expect(framesOf(envelope(EventName.FeatureFlagChanged, { key: 'message-pins', changedBy: 'admin' }))).toEqual([
      { kind: 'emit', rooms: ['tenant:t'], frame: 'features.updated', payload: { key: 'message-pins', refreshAfterMs: 5_000, refreshSpreadMs: 10_000 } },
    ]);
  });
  it('sends a favourite only to the member’s devices, so their other tabs star it too', () => {
    expect(framesOf(envelope(EventName.MemberFavourited, { conversationId: 'c', userId: 'bob', favourite: false }))).toEqual([
      { kind: 'emit', rooms: ['user:bob', 'scoped:c:bob'], frame: 'favourite.updated', payload: { conversationId: 'c', favourite: false } },
    ]);
  });
  it('sends one delivered frame per write, carrying every pointer it moved, to the devices of the senders those pointers cover', () => {
    const pointers = [
      { userId: 'bob', seq: 7 },
      { userId: 'carol', seq: 6 },
    ];
    const frame = { frame: 'delivered', payload: { conversationId: 'c', pointers } };
    expect(framesOf(envelope(EventName.DeliveryAdvanced, { conversationId: 'c', pointers, senderIds: ['alice', 'dave'] }))).toEqual([{ kind: 'emit', rooms: ['user:alice', 'scoped:c:alice', 'user:dave', 'scoped:c:dave'], ...frame }]);
    expect(framesOf(envelope(EventName.DeliveryAdvanced, { conversationId: 'c', pointers, senderIds: [] }))).toEqual([]);
    // An event written before senders were named still reaches the whole conversation.
    expect(framesOf(envelope(EventName.DeliveryAdvanced, { conversationId: 'c', pointers }))).toEqual([{ kind: 'emit', rooms: ['conv:c'], ...frame }]);
  });
  it('tells a business’s agents and owner, on their own devices, that a conversation waits unassigned; nobody when it has none', () => {
    const waiting = { businessId: 'b', conversationId: 'c', customerId: 'carol', agentIds: ['alice', 'owner'] };
    expect(framesOf(envelope(EventName.BusinessConversationWaiting, waiting))).toEqual([
      { kind: 'emit', rooms: ['user:alice', 'user:owner'], frame: 'business.conversation.waiting', payload: { businessId: 'b', conversationId: 'c', customerId: 'carol' } },
    ]);
    expect(framesOf(envelope(EventName.BusinessConversationWaiting, { ...waiting, agentIds: [] }))).toEqual([]);
  });
  it('takes a leaver out of the room before telling the room, their sockets scoped to it too', () => {
    const actions = framesOf(envelope(EventName.MemberLeft, { conversationId: 'c', userId: 'bob', role: null, actorId: 'alice', reason: 'removed' }));
    expect(actions.map((a) => a.kind)).toEqual(['unsubscribe', 'emit']);
    expect(actions[0]).toEqual({ kind: 'unsubscribe', socketsIn: ['user:bob', 'scoped:c:bob'], room: 'conv:c' });
    expect(actions[1]).toMatchObject({ rooms: ['conv:c', 'user:bob', 'scoped:c:bob'], frame: 'member.left' });
  });
  it('closes every socket of a banned account, scoped ones too, after telling them why', () => {
    expect(framesOf(envelope(EventName.AccountBanned, { userId: 'bob', until: null }))).toEqual([
      { kind: 'emit', rooms: ['user:bob', 'scoped:bob'], frame: 'account.banned', payload: { until: null } },
      { kind: 'disconnect', socketsIn: ['user:bob', 'scoped:bob'] },
    ]);
  });
});

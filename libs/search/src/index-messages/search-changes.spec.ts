import { randomUUID } from 'node:crypto';
import { EventName, type EventEnvelope, type Message } from '@chat/contracts';
import { searchChanges } from './search-changes';

const tenantId = randomUUID();
const conversationId = randomUUID();

function message(overrides: Partial<Message> = {}): Message {
  return {
    id: randomUUID(),
    conversationId,
    seq: 1,
    senderId: randomUUID(),
    body: 'hello world',
    attachments: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    editedAt: null,
    deletedAt: null,
    reactions: {},
    myReactions: [],
    clientMessageId: randomUUID(),
    version: 1,
    ...overrides,
  };
}

function event(name: EventName, payload: unknown): EventEnvelope {
  return { id: randomUUID(), name, tenantId, aggregateType: 'conversation', aggregateId: conversationId, occurredAt: new Date().toISOString(), headers: {}, payload } as EventEnvelope;
}

describe('searchChanges', () => {
  it('turns sent, edited and deleted messages into documents, in event order', () => {
    const sent = message();
    const edited = { ...sent, body: 'hello there', version: 2, editedAt: '2026-01-01T00:01:00.000Z' };
    const tombstone = { ...sent, body: '', version: 3, deletedAt: '2026-01-01T00:02:00.000Z' };
    const { documents } = searchChanges([
      event(EventName.MessageSent, { message: sent }),
      event(EventName.MessageEdited, { message: edited }),
      event(EventName.MessageDeleted, { message: tombstone, deletedBy: sent.senderId }),
    ]);
    expect(documents.map((d) => [d.messageId, d.version, d.body, d.deleted])).toEqual([
      [sent.id, 1, 'hello world', false],
      [sent.id, 2, 'hello there', false],
      [sent.id, 3, '', true],
    ]);
    expect(documents[0]).toMatchObject({ tenantId, conversationId, senderId: sent.senderId, seq: 1, createdAt: sent.createdAt });
  });

  it('groups deleted conversations by tenant and ignores events that do not touch message text', () => {
    const other = randomUUID();
    const changes = searchChanges([
      event(EventName.ReactionChanged, { conversationId, messageId: randomUUID(), reactions: {} }),
      event(EventName.ReadAdvanced, { conversationId, userId: randomUUID(), seq: 3 }),
      event(EventName.ConversationDeleted, { conversationId, memberIds: [] }),
      event(EventName.ConversationDeleted, { conversationId: other, memberIds: [] }),
    ]);
    expect(changes.documents).toEqual([]);
    expect([...changes.droppedConversations]).toEqual([[tenantId, [conversationId, other]]]);
  });

  it('never indexes ciphertext (E2EE conversations are searched on the client)', () => {
    const ciphertext = message({ body: JSON.stringify({ v: 1, keyVersion: 1, iv: 'A'.repeat(16), ct: 'B'.repeat(40) }) });
    const plain = message({ body: '{"v":1} is just text here' });
    const { documents } = searchChanges([event(EventName.MessageSent, { message: ciphertext }), event(EventName.MessageEdited, { message: ciphertext }), event(EventName.MessageSent, { message: plain })]);
    expect(documents.map((d) => d.messageId)).toEqual([plain.id]);
  });
});

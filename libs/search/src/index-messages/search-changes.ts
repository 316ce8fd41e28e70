import { EventName, type EventEnvelope, type EventPayloads, type Message } from '@chat/contracts';
import { envelopeKeyVersion } from '@chat/domain';
import type { SearchDocument } from '@chat/platform';

export interface SearchChanges {
  /** In event order; the index keeps the highest version of each message. */
  documents: SearchDocument[];
  /** Deleted conversations by tenant: their messages leave the index. */
  droppedConversations: Map<string, string[]>;
}

/** What a batch of events changes in the search index; every other event changes nothing. */
export function searchChanges(events: readonly EventEnvelope[]): SearchChanges {
  const changes: SearchChanges = { documents: [], droppedConversations: new Map() };
  for (const event of events) {
    switch (event.name) {
      case EventName.MessageSent:
      case EventName.MessageEdited:
      case EventName.MessageDeleted: {
        const { message } = event.payload as EventPayloads[typeof EventName.MessageSent];
        const document = toSearchDocument(event.tenantId, message);
        if (document) changes.documents.push(document);
        break;
      }
      case EventName.ConversationDeleted: {
        const { conversationId } = event.payload as EventPayloads[typeof EventName.ConversationDeleted];
        const dropped = changes.droppedConversations.get(event.tenantId) ?? [];
        changes.droppedConversations.set(event.tenantId, [...dropped, conversationId]);
        break;
      }
    }
  }
  return changes;
}

/** What of a message the index keeps. */
export type IndexedMessage = Pick<Message, 'id' | 'conversationId' | 'senderId' | 'seq' | 'version' | 'body' | 'createdAt' | 'deletedAt'>;

/**
 * A tombstone (deletedAt set) becomes a deleted document without a body. Null for ciphertext (only
 * E2EE conversations hold it), which is never indexed: their search runs on the client.
 */
export function toSearchDocument(tenantId: string, message: IndexedMessage): SearchDocument | null {
  if (envelopeKeyVersion(message.body) !== null) return null;
  const deleted = message.deletedAt !== null;
  return {
    messageId: message.id,
    tenantId,
    conversationId: message.conversationId,
    senderId: message.senderId,
    seq: message.seq,
    version: message.version,
    body: deleted ? '' : message.body,
    createdAt: message.createdAt,
    deleted,
  };
}

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
        // Ciphertext (only E2EE conversations hold it) is never indexed: their search runs on the client.
        if (envelopeKeyVersion(message.body) === null) changes.documents.push(toSearchDocument(event.tenantId, message));
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

/** A tombstone (deletedAt set) becomes a deleted document without a body. */
export function toSearchDocument(tenantId: string, message: Message): SearchDocument {
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

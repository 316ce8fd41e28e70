import type { Message } from '@chat/contracts';
import type { MessageEntity } from '@chat/persistence';

/** A deleted message is a tombstone: it keeps its seq and loses its content. */
export function toMessage(row: MessageEntity, reactions: Record<string, number> = {}): Message {
  const deleted = row.deletedAt !== null;
  return {
    id: row.id,
    conversationId: row.conversationId,
    seq: row.seq,
    senderId: row.senderId,
    body: deleted ? '' : row.body,
    attachments: deleted ? [] : row.attachments,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    deletedAt: row.deletedAt?.toISOString() ?? null,
    reactions: deleted ? {} : reactions,
    clientMessageId: row.clientMessageId,
    version: row.version,
  };
}

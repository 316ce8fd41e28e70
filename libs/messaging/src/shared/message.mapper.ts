import type { Message, MessageQuote } from '@chat/contracts';
import type { MessageEntity } from '@chat/persistence';
import type { MessageReactions } from './messages.repository';

/**
 * A deleted message is a tombstone: it keeps its seq and loses its content, the quote of what it
 * answered with it. Without `reactions` (a new message, or one going into an event or frame that
 * every reader gets) it has none of its own. `quote`: what a reply answers, read for it by
 * MessageQuotes wherever replies are read.
 */
export function toMessage(row: MessageEntity, reactions: MessageReactions = NO_REACTIONS, quote?: MessageQuote): Message {
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
    reactions: deleted ? {} : reactions.counts,
    myReactions: deleted ? [] : reactions.mine,
    clientMessageId: row.clientMessageId,
    version: row.version,
    ...(quote && !deleted ? { replyTo: quote } : {}),
    ...(row.mentions?.length && !deleted ? { mentions: row.mentions } : {}),
  };
}

const NO_REACTIONS: MessageReactions = { counts: {}, mine: [] };

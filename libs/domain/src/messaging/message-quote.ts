import type { MessageQuote } from '@chat/contracts';

/** What a quote is made of: the answered message as stored or as sent in an event (the same fields). */
export interface Quotable {
  id: string;
  senderId: string;
  body: string;
  attachments: readonly unknown[];
  deletedAt?: Date | string | null;
}

/**
 * The answered message at `seq` as a reply's quote (Message.replyTo): what is left of it once
 * deleted (or purged, `undefined`) is its seq. One rule for every place a quote is made: a reply
 * read or sent, and the sync change log's copies, refreshed when the answered message changes.
 */
export function quoteOf(seq: number, answered: Quotable | undefined): MessageQuote {
  if (!answered || answered.deletedAt) return { seq, deleted: true };
  return { seq, deleted: false, id: answered.id, senderId: answered.senderId, body: answered.body, attachmentCount: answered.attachments.length };
}

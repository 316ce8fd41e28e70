import type { Message, MessageQuote } from '@chat/contracts';
import { plainTextOf } from '@chat/domain';
import { t } from './i18n/active-locale';

/** The most characters of a body a quote keeps: CSS shows a line or two of it, so the rest would only weigh on the page. */
const EXCERPT_CHARS = 200;

/**
 * A shown message as a reply quotes it (the contract's MessageQuote): for a send of mine before
 * the server has answered it, and for the replies on screen when the message they answer changes.
 */
export function quoteOf(message: Message): MessageQuote {
  if (message.deletedAt) return { seq: message.seq, deleted: true };
  return { seq: message.seq, deleted: false, id: message.id, senderId: message.senderId, body: message.body, attachmentCount: message.attachments.length };
}

/**
 * What a quote says of the message it answers: its text on one line without its formatting, cut short when long; for a
 * file sent without text, that there was one; or why there is nothing to show (deleted, or in an
 * end-to-end encrypted conversation no key on this device opens it).
 */
export function quoteText(quote: MessageQuote, unreadable: boolean): string {
  if (quote.deleted) return t('quote.deleted');
  if (unreadable) return t('quote.unreadable');
  const line = plainTextOf(quote.body).replace(/\s+/g, ' ').trim();
  if (!line) return quote.attachmentCount > 0 ? t('quote.attachments', { count: quote.attachmentCount }) : '';
  // By code point, so an emoji is never cut in half.
  const chars = Array.from(line);
  return chars.length > EXCERPT_CHARS ? `${chars.slice(0, EXCERPT_CHARS).join('').trimEnd()}…` : line;
}

/** Whether two quotes show the same thing (a reply fetched again may quote an edit made meanwhile). */
export function sameQuote(a: MessageQuote | undefined, b: MessageQuote | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.deleted || b.deleted) return a.deleted === b.deleted && a.seq === b.seq;
  return a.id === b.id && a.senderId === b.senderId && a.body === b.body && a.attachmentCount === b.attachmentCount;
}

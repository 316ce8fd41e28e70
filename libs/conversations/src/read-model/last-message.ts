import type { Message } from '@chat/contracts';

/**
 * A conversation's last message as the list keeps it: without the quote of the message it answers
 * (`replyTo`). A preview shows the reply's own words, and the quote would be a copy of another
 * message's text that outlives that message's edits and deletion (the rebuild reads none either).
 */
export function asLastMessage(message: Message): Omit<Message, 'replyTo'> {
  const { replyTo: _, ...listed } = message;
  return listed;
}

import type { Message } from '@chat/contracts';

/**
 * Whether a message is addressed to me, as the sidebar's "@" badge counts it (and the server's
 * `unreadMentionCount`): it mentions me, or it answers one of my messages that is still there (a
 * deleted one's quote no longer says whose it was). Who sent it is the caller's question.
 */
export function addressesMe(message: Pick<Message, 'mentions' | 'replyTo'>, meId: string): boolean {
  if (message.mentions?.includes(meId)) return true;
  return message.replyTo !== undefined && !message.replyTo.deleted && message.replyTo.senderId === meId;
}

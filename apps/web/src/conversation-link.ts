/**
 * `/#conversation=<id>[&seq=<n>]`: the link that opens a conversation, at one of its messages when
 * `seq` is given. Notification emails (libs/notifications email.channel.ts) and a clicked push
 * notification (public/sw.js) write it too; a person copies one from a message's actions.
 */
const LINK = /^#conversation=([\w-]+)(?:&seq=(\d+))?$/;

export interface ConversationLink {
  conversationId: string;
  seq?: number;
}

/** The link to `conversationId` (at message `seq`) on this page's origin and path. */
export function conversationLink(page: Pick<Location, 'origin' | 'pathname'>, conversationId: string, seq?: number): string {
  return `${page.origin}${page.pathname}#conversation=${conversationId}${seq === undefined ? '' : `&seq=${seq}`}`;
}

/** What a location's hash links to, or null when it is no such link. */
export function linkedConversation(hash: string): ConversationLink | null {
  const linked = LINK.exec(hash);
  if (!linked) return null;
  // A seq no message can have (past a safe integer) opens the conversation at its latest, as one past its end does.
  const seq = Number(linked[2]);
  return linked[2] === undefined || !Number.isSafeInteger(seq) ? { conversationId: linked[1]! } : { conversationId: linked[1]!, seq };
}

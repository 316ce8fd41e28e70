import type { ConversationType, NotificationSettings } from '@chat/contracts';
import { envelopeKeyVersion } from '../e2ee/ciphertext-envelope';
import { durationClock } from '../messaging/duration-clock';
import { plainTextOf } from '../messaging/message-markup';
import { notificationTexts } from './notification-texts';

/** Settings of a user who never changed them. */
export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = { push: true, email: false, emailAddress: null, channels: false };

/** How a message is addressed to one recipient: a reply to one of their messages (Message.replyTo), naming them (Message.mentions), or neither. */
export type Addressed = 'reply' | 'mention' | null;

/** Why a queued notification is dropped instead of sent. */
export type DropReason = 'recipient-barred' | 'left' | 'blocked' | 'muted' | 'read' | 'deleted' | 'delivered' | 'channel-off' | 'notifications-off' | 'nowhere-to-send';

/** What the dispatcher knows about one queued notification when it comes due. */
export interface QueuedNotificationFacts {
  /** The recipient's account is banned (while the ban holds) or deleted. */
  recipientBarred: boolean;
  /** The recipient has blocked the message's sender (since it was queued, or it would not have been). */
  senderBlocked: boolean;
  seq: number;
  /** When the message was written (ms since the epoch). */
  messageCreatedAt: number;
  messageDeleted: boolean;
  /** How the message is addressed to the recipient: a reply to one of their own messages, a mention of them, or neither. */
  addressed: Addressed;
  conversationType: ConversationType;
  /** Null when the recipient is no longer a member (left, removed, or the conversation is gone). */
  member: { muted: boolean; lastReadSeq: number } | null;
  settings: NotificationSettings;
  /** The recipient's live devices now, and the last time any of them was seen (ms, null if never). */
  presence: { devices: number; lastSeenAt: number | null };
  /** Browsers the recipient registered (when the server has push), and whether the server can send email. */
  reach: { pushTargets: number; emailAvailable: boolean };
}

/**
 * Decided again when a notification comes due, not only when it was queued: the user may have
 * come back (their client synced the message, so it was delivered), read it elsewhere, muted the
 * conversation, blocked the sender or changed their settings in between, or been banned. A
 * message addressed to them (a reply to one of their own, or a mention of them) reaches them in a
 * conversation they muted and in a channel while channel notifications are off.
 */
export function dropReason(f: QueuedNotificationFacts): DropReason | null {
  if (f.recipientBarred) return 'recipient-barred';
  if (!f.member) return 'left';
  if (f.messageDeleted) return 'deleted';
  if (f.senderBlocked) return 'blocked';
  if (f.member.lastReadSeq >= f.seq) return 'read';
  // A device connected at or after the message was written has received it live or by sync.
  if (f.presence.devices > 0 || (f.presence.lastSeenAt !== null && f.presence.lastSeenAt >= f.messageCreatedAt)) return 'delivered';
  if (f.member.muted && !f.addressed) return 'muted';
  if (f.conversationType === 'channel' && !f.settings.channels && !f.addressed) return 'channel-off';
  if (!f.settings.push && !emailUsable(f.settings)) return 'notifications-off';
  // Push on without a browser, or email on without a mail server: nothing to try, so nothing to retry.
  if (!(f.settings.push && f.reach.pushTargets > 0) && !(emailUsable(f.settings) && f.reach.emailAvailable)) return 'nowhere-to-send';
  return null;
}

export function emailUsable(settings: NotificationSettings): boolean {
  return settings.email && settings.emailAddress !== null;
}

export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * Exponential backoff after the `attempt`-th failed try (1-based): base, 2×base, 4×base … up to
 * max, each scaled by a random factor in [0.5, 1) so notifications that failed together (a push
 * service outage) do not all retry in the same instant.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt - 1, 40));
  return Math.round(exponential * (0.5 + random() / 2));
}

export interface NotificationTextInput {
  conversationType: ConversationType;
  conversationName: string | null;
  senderName: string;
  /** The newest message's body ('' for attachments only). */
  body: string;
  attachments: number;
  /** The length of the newest message's voice note, when it carries one (Attachment.kind 'voice'). */
  voiceMs: number | null;
  /** How the newest message is addressed to the recipient (see QueuedNotificationFacts). */
  addressed: Addressed;
  /** Messages the notification stands for. */
  count: number;
  previewChars: number;
  /** The recipient's language (UserPreferences.locale); null or unknown: English. */
  locale: string | null;
}

/** Title and body of one notification for the newest of `count` messages in one conversation, in the recipient's language. */
export function notificationText(t: NotificationTextInput): { title: string; body: string } {
  const texts = notificationTexts(t.locale);
  const title = t.conversationType === 'direct' || !t.conversationName ? t.senderName : t.conversationName;
  if (t.count > 1) return { title, body: texts.t('messages.new', { count: t.count }) };
  // Ciphertext says nothing to a person and a preview of it would leak its size: only the fact.
  if (envelopeKeyVersion(t.body) !== null) return { title, body: texts.t('message.encrypted') };
  // The words without their formatting marks, as the web client's previews show them.
  const body = plainTextOf(t.body).trim();
  const voice = t.voiceMs !== null ? texts.t('message.voice', { duration: durationClock(t.voiceMs) }) : null;
  const said = (text: string) => {
    if (t.conversationType === 'direct') return text;
    if (t.addressed === 'reply') return texts.t('message.repliedToYou', { sender: t.senderName, text });
    if (t.addressed === 'mention') return texts.t('message.mentionedYou', { sender: t.senderName, text });
    return `${t.senderName}: ${text}`;
  };
  // NOTIFICATION_PREVIEW_CHARS bounds what people wrote; our own label (the attachments, a voice
  // message's length) is short and says nothing without its end, so it is not cut.
  return { title, body: body ? shorten(said(body), t.previewChars) : said(voice ?? texts.t('message.attachments', { count: t.attachments })) };
}

/** At most `max` code points, cut with an ellipsis. */
function shorten(text: string, max: number): string {
  const points = [...text.replace(/\s+/g, ' ')];
  return points.length <= max ? points.join('') : `${points.slice(0, Math.max(0, max - 1)).join('')}…`;
}

import type { ConversationType, PresenceStatus } from '@chat/contracts';
import { dateTimes, t } from './i18n/active-locale';

/** "14:05" today, "Mar 3, 14:05" before, in the chosen locale and time zone; the full date goes in a tooltip. */
export function shortTime(iso: string, now = new Date()): string {
  return dateTimes().short(iso, now);
}

/** "14:05" today, "Tue" this week, "3/3/26" before: for a line with little room, the full date in a tooltip beside it. */
export function compactTime(iso: string, now = new Date()): string {
  return dateTimes().compact(iso, now);
}

export function fullTime(iso: string): string {
  return dateTimes().fullDate(iso);
}

/** One or two letters for an avatar; whole grapheme clusters, so an emoji or accent is not cut. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = (word: string | undefined) => (word ? [...new Intl.Segmenter().segment(word)][0]?.segment ?? '' : '');
  return (first(words[0]) + (words.length > 1 ? first(words[words.length - 1]) : '')).toUpperCase() || '?';
}

/** A stable hue per user, so the same person keeps the same avatar colour everywhere. */
export function hueOf(id: string): number {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) | 0;
  return Math.abs(hash) % 360;
}

export const TYPE_SYMBOL: Record<ConversationType, string> = { channel: '#', group: '◆', direct: '@', business: '✉' };

/** "Channel", "Group", "Direct conversation", "Business chat" in the page's language. */
export function typeLabel(type: ConversationType): string {
  return t(`type.${type}`);
}

/** "Online", "Away", "Last seen 14:05", or "Offline" when the server does not know when. */
export function presenceText(status: PresenceStatus, lastSeenAt: string | null | undefined): string {
  if (status === 'online') return t('presence.online');
  if (status === 'away') return t('presence.away');
  return lastSeenAt ? t('presence.lastSeen', { time: shortTime(lastSeenAt) }) : t('presence.offline');
}

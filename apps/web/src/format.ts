import type { ConversationType, PresenceStatus } from '@chat/contracts';

const timeOnly = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const dateAndTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

/** "14:05" today, "Mar 3, 14:05" before; the full date goes in a tooltip. */
export function shortTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toDateString() === now.toDateString() ? timeOnly.format(date) : dateAndTime.format(date);
}

export function fullTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : full.format(date);
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

export const TYPE_SYMBOL: Record<ConversationType, string> = { channel: '#', group: '◆', direct: '@', business: '★' };
export const TYPE_LABEL: Record<ConversationType, string> = { channel: 'Channel', group: 'Group', direct: 'Direct conversation', business: 'Business chat' };

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "Online", "Away", "Last seen 14:05", or "Offline" when the server does not know when. */
export function presenceText(status: PresenceStatus, lastSeenAt: string | null | undefined): string {
  if (status === 'online') return 'Online';
  if (status === 'away') return 'Away';
  return lastSeenAt ? `Last seen ${shortTime(lastSeenAt)}` : 'Offline';
}

import type { MediaConfig } from '@chat/platform';

/** The media type of a Content-Type header, without parameters: `Image/PNG; q=1` → `image/png`. */
export function essenceOf(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

/** Allowed when listed exactly or under a listed `type/*`. */
export function isAllowedType(type: string, allowed: readonly string[]): boolean {
  if (!/^[a-z0-9][\w.+-]*\/[a-z0-9][\w.+-]*$/.test(type)) return false;
  return allowed.includes(type) || allowed.includes(`${type.split('/')[0]}/*`);
}

/** `audio/…`: may carry a duration and be a voice message. */
export function isAudio(type: string): boolean {
  return type.startsWith('audio/');
}

const MAX_NAME_CHARS = 255;
/**
 * C0 and C1 controls, and the bidirectional marks, embeddings, overrides and isolates (U+061C,
 * U+200E-U+200F, U+202A-U+202E, U+2066-U+2069) that make `invoice\u202Efdp.exe` show as `invoiceexe.pdf`.
 */
const UNSAFE_IN_NAMES = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The name to keep for an upload: its last path segment (a browser may send `C:\fakepath\x`),
 * without control or bidi formatting characters, NFC-normalised, at most 255 code points; null when nothing is left.
 */
export function safeFileName(raw: unknown): string | null {
  if (typeof raw !== 'string' || !raw.isWellFormed()) return null;
  const base = raw.split(/[\\/]/).pop()!.replace(UNSAFE_IN_NAMES, '').normalize('NFC').trim();
  if (base === '' || base === '.' || base === '..') return null;
  return Array.from(base).slice(0, MAX_NAME_CHARS).join('');
}

export interface Room {
  /** Bytes this upload may still take. */
  bytes: number;
  /** What bounds it when it is smaller than the size limit. */
  by: 'quota' | 'disk';
}

/** How much the tenant's quota (0 = none) and the disk's reserve leave for one more upload. */
export function roomFor(s: { quotaBytes: number; usedBytes: number; freeBytes: number; minFreeBytes: number }): Room {
  const quota = s.quotaBytes === 0 ? Infinity : s.quotaBytes - s.usedBytes;
  const disk = s.freeBytes - s.minFreeBytes;
  return quota < disk ? { bytes: Math.max(0, quota), by: 'quota' } : { bytes: Math.max(0, disk), by: 'disk' };
}

/** The largest upload: MEDIA_MAX_BYTES, or less when clamd scans uploads and takes no more (MEDIA_SCAN_MAX_BYTES). */
export function maxUploadBytes(media: Pick<MediaConfig, 'maxBytes' | 'scanClamd' | 'scanMaxBytes'>): number {
  return media.scanClamd ? Math.min(media.maxBytes, media.scanMaxBytes) : media.maxBytes;
}

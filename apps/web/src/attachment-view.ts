import type { Attachment } from '@chat/contracts';
import { durationClock } from '@chat/domain';
import { h } from './dom';
import { t } from './i18n/active-locale';

const MIB = 1024 * 1024;

/** "2.4 MB", "512 KB", "900 bytes". */
export function fileSize(bytes: number): string {
  if (bytes >= MIB) return t('size.mb', { size: Number((bytes / MIB).toFixed(1)) });
  if (bytes >= 1024) return t('size.kb', { size: Math.round(bytes / 1024) });
  return t('size.bytes', { size: bytes });
}

/**
 * A message's attachments under its body: an image with a preview shows inline as that preview,
 * linked to the full size (new tab); a voice message is a player with its length; other uploaded
 * audio a player above its download link; anything else is a download link with its name and size.
 * Players load nothing until played (`preload="none"`), so a long history costs no audio traffic.
 * The server's links are signed and same-origin (`data-media-id` names the file, so
 * `attachment-links.ts` can renew an expired link); external references open with no referrer.
 */
export function attachmentsNode(attachments: Attachment[]): HTMLElement | null {
  const items = attachments.filter((a) => a.url).map((a) => (a.thumbnailUrl ? imageItem(a) : a.id && a.contentType.startsWith('audio/') ? audioItem(a) : fileItem(a)));
  return items.length ? h('ul', { class: 'attachments', 'aria-label': t('attachment.list') }, ...items) : null;
}

/** "Voice message, 0:07" for a message that carries one, to stand for it where only text goes (the list's preview); null otherwise. */
export function voiceMessageText(attachments: Attachment[]): string | null {
  const voice = attachments.find((a) => a.kind === 'voice' && a.durationMs !== undefined);
  return voice ? t('voice.label', { duration: durationClock(voice.durationMs!) }) : null;
}

function imageItem(a: Attachment): HTMLLIElement {
  const img = h('img', { src: a.thumbnailUrl, alt: a.name, loading: 'lazy', decoding: 'async' });
  const link = h('a', { href: a.url, target: '_blank', rel: 'noopener', class: 'attachment-image', 'data-media-id': a.id, title: t('attachment.openFull', { name: a.name, size: fileSize(a.size) }) }, img);
  // A preview that cannot load (link expired, file gone) becomes a plain link instead of a broken picture.
  img.addEventListener('error', () => link.replaceWith(fileLink(a)), { once: true });
  return h('li', {}, link);
}

/**
 * The signed link plays in place (same origin, ranges supported for seeking). `data-media-id`
 * lets `attachment-links.ts` renew the link of a player whose link expired while the page was open.
 */
function audioItem(a: Attachment): HTMLLIElement {
  const length = a.durationMs === undefined ? null : durationClock(a.durationMs);
  const voice = a.kind === 'voice';
  const label = !length ? a.name : voice ? voiceMessageText([a])! : t('attachment.audioLabel', { name: a.name, duration: length });
  const player = h('audio', { controls: true, preload: 'none', src: a.url, 'aria-label': label, 'data-media-id': a.id });
  const shownLength = length && h('span', { class: 'audio-duration', 'aria-hidden': 'true' }, length);
  if (voice) return h('li', { class: 'attachment-voice' }, h('span', { class: 'voice-badge', 'aria-hidden': 'true' }, t('voice.badge')), player, shownLength);
  return h('li', { class: 'attachment-audio' }, player, shownLength, fileLink(a));
}

function fileItem(a: Attachment): HTMLLIElement {
  return h('li', {}, fileLink(a));
}

function fileLink(a: Attachment): HTMLAnchorElement {
  const external = !a.id;
  return h(
    'a',
    { href: a.url, class: 'attachment-file', ...(external ? { target: '_blank', rel: 'noopener noreferrer' } : { download: a.name, 'data-media-id': a.id }) },
    // The file's extension as its badge: plain text, so no icon font or emoji font is needed.
    h('span', { class: 'attachment-icon', 'aria-hidden': 'true' }, extensionOf(a.name)),
    h('span', { class: 'attachment-name', dir: 'auto' }, a.name),
    h('span', { class: 'attachment-size' }, fileSize(a.size)),
  );
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1, dot + 5) : '';
  return /^[\p{L}\p{N}]+$/u.test(ext) ? ext.toUpperCase() : 'FILE';
}

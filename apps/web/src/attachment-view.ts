import type { Attachment } from '@chat/contracts';
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
 * linked to the full size (new tab); anything else is a download link with its name and size.
 * The server's links are signed and same-origin (`data-media-id` names the file, so
 * `attachment-links.ts` can renew an expired link); external references open with no referrer.
 */
export function attachmentsNode(attachments: Attachment[]): HTMLElement | null {
  const items = attachments.filter((a) => a.url).map((a) => (a.thumbnailUrl ? imageItem(a) : fileItem(a)));
  return items.length ? h('ul', { class: 'attachments', 'aria-label': t('attachment.list') }, ...items) : null;
}

function imageItem(a: Attachment): HTMLLIElement {
  const img = h('img', { src: a.thumbnailUrl, alt: a.name, loading: 'lazy', decoding: 'async' });
  const link = h('a', { href: a.url, target: '_blank', rel: 'noopener', class: 'attachment-image', 'data-media-id': a.id, title: t('attachment.openFull', { name: a.name, size: fileSize(a.size) }) }, img);
  // A preview that cannot load (link expired, file gone) becomes a plain link instead of a broken picture.
  img.addEventListener('error', () => link.replaceWith(fileLink(a)), { once: true });
  return h('li', {}, link);
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

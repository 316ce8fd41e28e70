import type { Attachment } from '@chat/contracts';
import type { Notifier } from './notifier';
import { t } from './i18n/active-locale';

/**
 * A link this close to its expiry (by this browser's clock) is renewed before it is followed: the
 * margin covers the request itself and a client clock somewhat behind the server's.
 */
const RENEW_MARGIN_MS = 60_000;

/**
 * Keeps attachment links working in a page left open: the server's media links are signed for
 * MEDIA_URL_TTL_SECONDS (an hour by default) and the list draws each message once, so a download
 * or a full-size image clicked later would meet 403 MEDIA_LINK_EXPIRED. A click on a link at or
 * near its `expires` is held, the message is fetched again (`fresh`, through the history API) for
 * links signed now, every link and preview of that message takes them, and the click goes on to
 * the fresh link. One delegated listener on the message list, so redrawn messages need nothing.
 */
export class AttachmentLinks {
  constructor(
    list: HTMLElement,
    /** The message with this seq as the server serves it now (its attachments freshly signed), or null when it is gone. */
    private readonly fresh: (seq: number) => Promise<Attachment[] | null>,
    private readonly notifier: Notifier,
    private readonly now: () => number = Date.now,
  ) {
    list.addEventListener('click', (event) => this.clicked(event));
  }

  private clicked(event: MouseEvent): void {
    const link = (event.target as Element | null)?.closest<HTMLAnchorElement>('a[data-media-id]');
    if (!link) return;
    if (link.dataset.renewed) return void delete link.dataset.renewed; // the click on the fresh link, let it through
    if (!this.expiresSoon(link.href)) return;
    event.preventDefault();
    void this.renewAndFollow(link);
  }

  private expiresSoon(href: string): boolean {
    const expires = Number(new URL(href, location.href).searchParams.get('expires'));
    return Number.isFinite(expires) && expires > 0 && expires * 1000 - this.now() < RENEW_MARGIN_MS;
  }

  private async renewAndFollow(link: HTMLAnchorElement): Promise<void> {
    const node = link.closest<HTMLElement>('li[data-seq]');
    if (!node) return;
    let attachments: Attachment[] | null;
    try {
      attachments = await this.fresh(Number(node.dataset.seq));
    } catch (err) {
      return this.notifier.error(err, t('attachment.refreshFailed'));
    }
    const byId = new Map((attachments ?? []).filter((a) => a.id && a.url).map((a) => [a.id!, a]));
    for (const other of Array.from(node.querySelectorAll<HTMLAnchorElement>('a[data-media-id]'))) {
      const renewed = byId.get(other.dataset.mediaId!);
      if (!renewed) continue;
      other.href = renewed.url!;
      const preview = other.querySelector('img');
      if (preview && renewed.thumbnailUrl) preview.src = renewed.thumbnailUrl;
    }
    if (!byId.has(link.dataset.mediaId!) || !link.isConnected) return this.notifier.error(t('attachment.gone'));
    link.dataset.renewed = 'yes';
    link.click();
  }
}

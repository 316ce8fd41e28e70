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
 * the fresh link. A preview that fails to load (typically drawn lazily after its link expired) is
 * renewed the same way once; if the fresh one fails too, the view's fallback (a plain link)
 * follows. An audio player whose link fails when played is renewed once the same way and plays
 * on. Delegated listeners on the message list, so redrawn messages need nothing.
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
    // Capture: `error` does not bubble, and this must run before the image's own fallback.
    list.addEventListener('error', (event) => this.previewFailed(event), true);
  }

  private previewFailed(event: Event): void {
    const img = event.target;
    if (img instanceof HTMLAudioElement) return this.playerFailed(img);
    if (!(img instanceof HTMLImageElement) || img.dataset.renewed) return; // renewed once already: the fallback takes over
    const link = img.closest<HTMLAnchorElement>('a[data-media-id]');
    if (!link) return;
    event.stopPropagation(); // the fallback waits for the renewal
    img.dataset.renewed = 'yes';
    void this.renew(link).then(
      (renewed) => renewed || img.dispatchEvent(new Event('error')),
      () => img.dispatchEvent(new Event('error')),
    );
  }

  /** A player's link failed (expired while the page was open): renewed once, and it plays on. */
  private playerFailed(player: HTMLAudioElement): void {
    if (player.dataset.renewed || !player.dataset.mediaId) return;
    player.dataset.renewed = 'yes';
    void this.renew(player).then(
      (renewed) => (renewed ? player.play().catch(() => undefined) : this.notifier.error(t('attachment.gone'))),
      (err: unknown) => this.notifier.error(err, t('attachment.refreshFailed')),
    );
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
    let renewed: boolean;
    try {
      renewed = await this.renew(link);
    } catch (err) {
      return this.notifier.error(err, t('attachment.refreshFailed'));
    }
    if (!renewed || !link.isConnected) return this.notifier.error(t('attachment.gone'));
    link.dataset.renewed = 'yes';
    link.click();
  }

  /** Gives the links, previews and players of `link`'s message fresh URLs; false when its file is gone. */
  private async renew(link: HTMLAnchorElement | HTMLAudioElement): Promise<boolean> {
    const node = link.closest<HTMLElement>('li[data-seq]');
    if (!node) return false;
    const attachments = await this.fresh(Number(node.dataset.seq));
    const byId = new Map((attachments ?? []).filter((a) => a.id && a.url).map((a) => [a.id!, a]));
    for (const other of Array.from(node.querySelectorAll<HTMLAnchorElement>('a[data-media-id]'))) {
      const renewed = byId.get(other.dataset.mediaId!);
      if (!renewed) continue;
      other.href = renewed.url!;
      const preview = other.querySelector('img');
      if (preview && renewed.thumbnailUrl) preview.src = renewed.thumbnailUrl;
    }
    for (const player of Array.from(node.querySelectorAll<HTMLAudioElement>('audio[data-media-id]'))) {
      const renewed = byId.get(player.dataset.mediaId!);
      if (renewed) player.src = renewed.url!;
    }
    return byId.has(link.dataset.mediaId!);
  }
}

import type { LoadLevel, ServerStatusFrame } from '@chat/contracts';
import { byId } from './dom';
import type { ConnectionState } from './connection';
import type { Notifier } from './notifier';
import { onQuotaNotice, type QuotaNotice } from './quota-notice';
import { t } from './i18n/active-locale';
import type { MessageKey } from './i18n/catalogs';

/** A short connect at page load is normal; the banner only appears if it takes longer than this. */
const CONNECTING_GRACE_MS = 1500;

/** What a loaded server pauses, in the user's words (the server's `server.status` frame). */
const LOAD_TEXT = { shedding: 'connection.shedding', backpressure: 'connection.backpressure' } as const satisfies Record<Exclude<LoadLevel, 'normal'>, MessageKey>;

/**
 * The strip above the chat that says when the chat is not fully working: live updates not
 * flowing (with Reconnect), or, while connected, a busy server pausing some features. A
 * connection problem takes precedence; the server repeats its load level on every connect.
 */
export class ConnectionBanner {
  private readonly banner = byId('connection-banner');
  private readonly text = byId('connection-text');
  private readonly button = byId<HTMLButtonElement>('reconnect-button');
  /** The upgrade link of a tenant-quota notice (TENANT_UPGRADE_URL). */
  private readonly upgrade = document.createElement('a');
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  private wasDown = false;
  private online = false;
  private load: LoadLevel = 'normal';

  constructor(
    onReconnect: () => void,
    private readonly notifier: Notifier,
  ) {
    this.button.onclick = onReconnect;
    this.upgrade.target = '_blank';
    this.upgrade.rel = 'noopener';
    this.upgrade.textContent = t('connection.upgrade');
    this.upgrade.hidden = true;
    this.text.after(this.upgrade);
    // A send or upload refused over the organisation's quota, wherever it happened.
    onQuotaNotice((notice) => this.showQuota(notice, 'warning', false));
  }

  render(state: ConnectionState): void {
    clearTimeout(this.graceTimer);
    this.online = state.kind === 'online';
    switch (state.kind) {
      case 'online':
        this.showLoad();
        if (this.wasDown) this.notifier.announce(t('connection.again'));
        this.wasDown = false;
        return;
      case 'connecting':
        this.graceTimer = setTimeout(() => this.show(t('connection.connecting'), 'warning', false), CONNECTING_GRACE_MS);
        return;
      case 'reconnecting':
        this.wasDown = true;
        this.load = 'normal'; // the next connect says again if it is not
        this.show(state.attempt ? t('connection.reconnectingAttempt', { attempt: state.attempt, max: state.max }) : t('connection.reconnecting'), 'warning', false);
        return;
      case 'offline':
        this.wasDown = true;
        if (state.quota) return this.showQuota(state.quota, 'error', true);
        this.show(state.reason ?? t('connection.offline'), 'error', true);
        return;
    }
  }

  serverStatus({ level }: ServerStatusFrame): void {
    // The frame also comes when only the receipt interval the server asks for changed: nothing to show.
    if (level === this.load) return;
    const wasLoaded = this.load !== 'normal';
    this.load = level;
    if (!this.online) return;
    this.showLoad();
    if (wasLoaded && level === 'normal') this.notifier.announce(t('connection.normal'));
  }

  private showLoad(): void {
    if (this.load === 'normal') this.hide();
    else this.show(t(LOAD_TEXT[this.load]), 'warning', false);
  }

  hide(): void {
    clearTimeout(this.graceTimer);
    this.rescueFocus();
    this.banner.hidden = true;
    this.button.hidden = true;
  }

  /** The organisation reached a quota: the server's words, and the upgrade link when the operator set one. */
  private showQuota({ text, upgradeUrl }: QuotaNotice, tone: 'warning' | 'error', offerReconnect: boolean): void {
    this.show(text, tone, offerReconnect);
    this.upgrade.hidden = !upgradeUrl;
    if (upgradeUrl) this.upgrade.href = upgradeUrl;
  }

  private show(text: string, tone: 'warning' | 'error', offerReconnect: boolean): void {
    this.upgrade.hidden = true;
    if (!offerReconnect) this.rescueFocus();
    this.banner.hidden = false;
    this.banner.dataset.tone = tone;
    this.text.textContent = text;
    this.button.hidden = !offerReconnect;
  }

  /** The Reconnect button is about to vanish: move keyboard focus somewhere useful, not to <body>. */
  private rescueFocus(): void {
    if (document.activeElement !== this.button) return;
    const composer = document.getElementById('composer-input');
    if (composer?.offsetParent) composer.focus();
    else document.getElementById('conversation-filter')?.focus();
  }
}

import { byId } from './dom';
import type { ConnectionState } from './connection';
import type { Notifier } from './notifier';

/** A short connect at page load is normal; the banner only appears if it takes longer than this. */
const CONNECTING_GRACE_MS = 1500;

/** The strip above the chat that says when live updates are not flowing, and offers Reconnect. */
export class ConnectionBanner {
  private readonly banner = byId('connection-banner');
  private readonly text = byId('connection-text');
  private readonly button = byId<HTMLButtonElement>('reconnect-button');
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  private wasDown = false;

  constructor(
    onReconnect: () => void,
    private readonly notifier: Notifier,
  ) {
    this.button.onclick = onReconnect;
  }

  render(state: ConnectionState): void {
    clearTimeout(this.graceTimer);
    switch (state.kind) {
      case 'online':
        this.hide();
        if (this.wasDown) this.notifier.announce('Connected again.');
        this.wasDown = false;
        return;
      case 'connecting':
        this.graceTimer = setTimeout(() => this.show('Connecting…', 'warning', false), CONNECTING_GRACE_MS);
        return;
      case 'reconnecting':
        this.wasDown = true;
        this.show(state.attempt ? `Connection lost. Reconnecting (attempt ${state.attempt}/${state.max})…` : 'Connection lost. Reconnecting…', 'warning', false);
        return;
      case 'offline':
        this.wasDown = true;
        this.show('You are offline. New messages will not arrive until you reconnect.', 'error', true);
        return;
    }
  }

  hide(): void {
    clearTimeout(this.graceTimer);
    this.rescueFocus();
    this.banner.hidden = true;
    this.button.hidden = true;
  }

  private show(text: string, tone: 'warning' | 'error', offerReconnect: boolean): void {
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

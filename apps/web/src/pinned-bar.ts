import type { PinnedMessage } from '@chat/contracts';
import { byId } from './dom';
import { PinsDialog, pinExcerpt, type PinViews } from './pins-dialog';
import { t } from './i18n/active-locale';

/**
 * Under the open conversation's header while it has pins: one pin (its sender and a line of it), a
 * button that brings that message into view, and "3 pinned", which opens the list of all of them
 * (`pins-dialog.ts`). It starts at the latest pin (and goes back to it when one is added); each
 * press shows the bar's pin and moves the bar to the next older one, back to the latest after the
 * oldest, so pressing again walks through them all ("Pinned message 2 of 3"). Hidden while there
 * are none.
 */
export class PinnedBar {
  private readonly bar = byId('pinned-bar');
  private readonly current = byId<HTMLButtonElement>('pinned-current');
  private readonly label = byId('pinned-label');
  private readonly sender = byId('pinned-sender');
  private readonly text = byId('pinned-text');
  private readonly all = byId<HTMLButtonElement>('pinned-all');
  private readonly dialog: PinsDialog;
  /** Latest first, as the server lists them. */
  private pins: readonly PinnedMessage[] = [];
  /** The pin the bar shows, by its index in `pins`. */
  private shown = 0;

  constructor(private readonly views: PinViews) {
    this.dialog = new PinsDialog(views);
    this.current.addEventListener('click', () => {
      const pin = this.pins[this.shown];
      if (!pin) return;
      views.show(pin.message.seq);
      this.shown = (this.shown + 1) % this.pins.length;
      this.refresh();
    });
    this.all.addEventListener('click', () => this.dialog.open(this.pins));
  }

  /**
   * The conversation's pins, after any change: a new pin is news, so the bar goes back to the
   * latest; otherwise (an unpin, an edit) it stays on the pin it showed while that one is pinned.
   */
  show(pins: readonly PinnedMessage[]): void {
    const before = new Set(this.pins.map((p) => p.message.id));
    const showing = this.pins[this.shown]?.message.id;
    const added = pins.some((p) => !before.has(p.message.id));
    this.pins = pins;
    this.shown = added ? 0 : Math.max(0, pins.findIndex((p) => p.message.id === showing));
    this.refresh();
  }

  /** Names, or what I may do, changed: drawn again with them. */
  refresh(): void {
    const pin = this.pins[this.shown];
    this.bar.hidden = !pin;
    this.dialog.update(this.pins);
    if (!pin) return;
    this.label.textContent = this.pins.length > 1 ? t('pins.position', { n: this.shown + 1, count: this.pins.length }) : t('pins.latest');
    this.sender.textContent = this.views.nameOf(pin.message.senderId);
    this.text.textContent = pinExcerpt(pin, this.views);
    this.all.textContent = t('pins.count', { count: this.pins.length });
  }
}

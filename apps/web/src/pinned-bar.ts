import type { PinnedMessage } from '@chat/contracts';
import { byId } from './dom';
import { PinsDialog, pinExcerpt, type PinViews } from './pins-dialog';
import { t } from './i18n/active-locale';

/**
 * Under the open conversation's header while it has pins: the latest pin (its sender and a line of
 * it), a button that brings that message into view, and "3 pinned", which opens the list of all
 * of them (`pins-dialog.ts`). Hidden while there are none.
 */
export class PinnedBar {
  private readonly bar = byId('pinned-bar');
  private readonly latest = byId<HTMLButtonElement>('pinned-latest');
  private readonly sender = byId('pinned-sender');
  private readonly text = byId('pinned-text');
  private readonly all = byId<HTMLButtonElement>('pinned-all');
  private readonly dialog: PinsDialog;
  private pins: readonly PinnedMessage[] = [];

  constructor(private readonly views: PinViews) {
    this.dialog = new PinsDialog(views);
    this.latest.addEventListener('click', () => {
      const [latest] = this.pins;
      if (latest) views.show(latest.message.seq);
    });
    this.all.addEventListener('click', () => this.dialog.open(this.pins));
  }

  show(pins: readonly PinnedMessage[]): void {
    this.pins = pins;
    this.refresh();
  }

  /** Names, or what I may do, changed: drawn again with them. */
  refresh(): void {
    const [latest] = this.pins;
    this.bar.hidden = !latest;
    this.dialog.update(this.pins);
    if (!latest) return;
    this.sender.textContent = this.views.nameOf(latest.message.senderId);
    this.text.textContent = pinExcerpt(latest, this.views);
    this.all.textContent = t('pins.count', { count: this.pins.length });
  }
}

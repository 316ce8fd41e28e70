import type { Message, PinnedMessage } from '@chat/contracts';
import { byId, h } from './dom';
import { quoteOf, quoteText } from './reply-quote';
import { t } from './i18n/active-locale';

/** What the pinned bar and its list need from the open conversation. */
export interface PinViews {
  nameOf(userId: string): string;
  /** An E2EE message no key on this device opens (its body is then empty). */
  unreadable(messageId: string): boolean;
  /** Whether I may unpin here: the rule for pinning (in a channel, owners and admins). */
  mayUnpin(): boolean;
  /** Brings a message into view and marks it, as a reply's quote does. */
  show(seq: number): void;
  unpin(message: Message): void;
}

/** A pinned message in words: its sender and a line of it, as a reply quotes it ("cannot be decrypted" where no key here opens it). */
export function pinExcerpt(pin: PinnedMessage, views: Pick<PinViews, 'unreadable'>): string {
  return quoteText(quoteOf(pin.message), views.unreadable(pin.message.id));
}

/**
 * "Pinned messages": every pin of the open conversation, the latest first, each a button that
 * brings its message into view (closing the list), with who pinned it and, where I may, Unpin.
 * While open it follows the pins live; a keyboard user keeps their place in it when a row goes,
 * and it closes once the last pin is gone.
 */
export class PinsDialog {
  private readonly dialog = byId<HTMLDialogElement>('pins-dialog');
  private readonly list = byId<HTMLUListElement>('pins-list');

  constructor(private readonly views: PinViews) {
    this.dialog.querySelectorAll('[data-close]').forEach((close) => close.addEventListener('click', () => this.dialog.close()));
  }

  open(pins: readonly PinnedMessage[]): void {
    this.draw(pins);
    this.dialog.showModal();
  }

  /** The pins changed: drawn again while the list is open. */
  update(pins: readonly PinnedMessage[]): void {
    if (!this.dialog.open) return;
    if (pins.length === 0) {
      this.dialog.close();
      // Its opener (the bar) is hidden now: the history keeps the focus instead of the page.
      return byId('messages-scroller').focus();
    }
    const focused = this.list.querySelector<HTMLElement>(':focus');
    const row = focused?.closest<HTMLElement>('li');
    const index = row ? Array.prototype.indexOf.call(this.list.children, row) : -1;
    this.draw(pins);
    if (!row) return;
    // The same control of the same row when it is still there, else of the row now in its place.
    const again = this.list.querySelector(`li[data-message-id="${row.dataset.messageId}"]`) ?? this.list.children[Math.min(index, pins.length - 1)]!;
    (again.querySelector<HTMLElement>(`[data-control="${focused!.dataset.control}"]`) ?? again.querySelector<HTMLElement>('button'))?.focus();
  }

  private draw(pins: readonly PinnedMessage[]): void {
    this.list.replaceChildren(...pins.map((pin) => this.row(pin)));
  }

  private row(pin: PinnedMessage): HTMLLIElement {
    const { message } = pin;
    const name = this.views.nameOf(message.senderId);
    const show = h(
      'button',
      { type: 'button', class: 'quote pin-show', title: t('pins.show'), 'data-control': 'show' },
      h('span', { class: 'quote-sender', dir: 'auto' }, name),
      h('span', { class: 'quote-text', dir: 'auto' }, pinExcerpt(pin, this.views)),
    );
    show.addEventListener('click', () => {
      this.dialog.close();
      this.views.show(message.seq);
    });
    let unpin: HTMLButtonElement | null = null;
    if (this.views.mayUnpin()) {
      unpin = h('button', { type: 'button', class: 'button ghost small', 'aria-label': t('pins.unpinLabel', { name }), 'data-control': 'unpin' }, t('message.unpin'));
      unpin.addEventListener('click', () => this.views.unpin(message));
    }
    return h('li', { class: 'pin-item', 'data-message-id': message.id }, show, h('span', { class: 'pin-by muted small-text', dir: 'auto' }, t('pins.pinnedBy', { name: this.views.nameOf(pin.pinnedBy) })), unpin);
  }
}

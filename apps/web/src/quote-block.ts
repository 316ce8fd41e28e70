import type { MessageQuote } from '@chat/contracts';
import { h } from './dom';
import { quoteText } from './reply-quote';
import { t } from './i18n/active-locale';

/** Who wrote a quoted message, and whether this device can open it (E2EE). */
export interface QuoteNames {
  nameOf(userId: string): string;
  unreadable(messageId: string): boolean;
}

/**
 * The quotes above replies' bodies: the answered message's sender and a line or two of its text
 * (CSS cuts it), or that it was deleted. Each is a button: choosing it shows the answered message.
 * A quote is updated in place, so a redraw (the answered message edited) keeps a keyboard user's
 * focus on it.
 */
export class QuoteBlocks {
  /** What each quote drawn shows, to draw it again when names arrive. */
  private readonly drawn = new WeakMap<HTMLElement, MessageQuote>();

  constructor(
    private readonly names: QuoteNames,
    private readonly show: (seq: number) => void,
  ) {}

  /** Draws a message's quote above its body, or removes it (`undefined`: not a reply, or deleted). */
  draw(message: HTMLElement, quote: MessageQuote | undefined): void {
    let button = message.querySelector<HTMLElement>('.quote');
    if (!quote) return void button?.remove();
    if (!button) {
      const seq = quote.seq;
      // Named by what it shows, after "In reply to" for screen readers only: no aria-label to drift from the visible text.
      button = h(
        'button',
        { type: 'button', class: 'quote', title: t('quote.show') },
        h('span', { class: 'quote-intro visually-hidden' }, t('quote.inReplyTo')),
        h('span', { class: 'quote-sender', dir: 'auto' }),
        h('span', { class: 'quote-text', dir: 'auto' }),
      );
      button.addEventListener('click', () => this.show(seq));
      message.querySelector('.body')!.before(button);
    }
    this.drawn.set(button, quote);
    this.fill(button, quote);
  }

  /** Names (and what this device can decrypt) became known: every quote under `root` shows them. */
  refresh(root: HTMLElement): void {
    for (const button of Array.from(root.querySelectorAll<HTMLElement>('.quote'))) {
      const quote = this.drawn.get(button);
      if (quote) this.fill(button, quote);
    }
  }

  private fill(button: HTMLElement, quote: MessageQuote): void {
    button.classList.toggle('quote-deleted', quote.deleted);
    // A deleted one has no sender left: "Original message deleted" says it all.
    for (const part of Array.from(button.querySelectorAll<HTMLElement>('.quote-intro, .quote-sender'))) part.hidden = quote.deleted;
    button.querySelector('.quote-sender')!.textContent = quote.deleted ? '' : this.names.nameOf(quote.senderId);
    button.querySelector('.quote-text')!.textContent = quoteText(quote, !quote.deleted && this.names.unreadable(quote.id));
  }
}

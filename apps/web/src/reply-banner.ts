import { byId, h } from './dom';
import { t } from './i18n/active-locale';

/** The message the next send answers, as the composer shows it. */
export interface ReplyTarget {
  conversationId: string;
  messageId: string;
  senderName: string;
  /** quoteText() of it: a line of its text, or what stands for it. */
  excerpt: string;
}

/**
 * Above the message box while I answer a message: "Replying to Bob" and a line of his message,
 * with × (and Escape in the composer) to send a plain message instead. One reply at a time, for
 * the conversation it was chosen in; it is not kept with the draft.
 */
export class ReplyBanner {
  private readonly banner = byId('composer-reply');
  private target: ReplyTarget | null = null;

  constructor(private readonly cancelled: () => void) {}

  show(target: ReplyTarget): void {
    this.target = target;
    const cancel = h('button', { type: 'button', class: 'button ghost small', 'aria-label': t('reply.cancel'), title: t('reply.cancel') }, '×');
    cancel.addEventListener('click', () => this.cancel());
    this.banner.replaceChildren(
      h('span', { class: 'reply-to' }, h('strong', { class: 'reply-sender', dir: 'auto' }, t('reply.replyingTo', { name: target.senderName })), ' ', h('span', { class: 'reply-excerpt', dir: 'auto' }, target.excerpt)),
      cancel,
    );
    this.banner.hidden = false;
  }

  /** The message a send in `conversationId` answers, if any; the banner is done with it. */
  take(conversationId: string): string | undefined {
    const target = this.target;
    if (target?.conversationId !== conversationId) return undefined;
    this.clear();
    return target.messageId;
  }

  /** × or Escape: false when there was nothing to cancel (Escape is then left to others). */
  cancel(): boolean {
    if (!this.target) return false;
    this.clear();
    this.cancelled();
    return true;
  }

  clear(): void {
    this.target = null;
    // Emptied, not only hidden: the message box's description names this element.
    this.banner.replaceChildren();
    this.banner.hidden = true;
  }
}

import { byId, h } from './dom';
import { errorText } from './error-text';
import { t } from './i18n/active-locale';

const MAX_TOASTS = 3;

/**
 * What the user is told outside the place they are looking: errors as visible toasts that
 * screen readers announce at once (role=alert), and quiet status lines (new messages, pages
 * loaded) through a polite live region that is visually hidden.
 */
export class Notifier {
  private readonly politeRegion = byId('announcer');
  private readonly toasts = byId('toasts');

  announce(text: string): void {
    // Re-setting the same text is not announced again, so the region is emptied first.
    this.politeRegion.textContent = '';
    window.setTimeout(() => (this.politeRegion.textContent = text), 50);
  }

  error(err: unknown, context?: string): void {
    const text = typeof err === 'string' ? err : errorText(err);
    this.toast(context ? t('notice.inContext', { context, text }) : text, 'error');
  }

  info(text: string): void {
    this.toast(text, 'info');
  }

  /**
   * A notice that leads somewhere: its text is a button running `open`. It stays until clicked or
   * dismissed, and is announced politely too (an info toast's role=status alone is not read out
   * reliably once it holds a button).
   */
  offer(text: string, open: () => void): void {
    this.announce(text);
    const link = h('button', { type: 'button', class: 'toast-link' }, text);
    const toast = this.toast(link, 'info', false);
    link.addEventListener('click', () => {
      toast.remove();
      open();
    });
  }

  clear(): void {
    this.toasts.replaceChildren();
  }

  private toast(text: string | HTMLElement, kind: 'error' | 'info', goesBy = kind === 'info'): HTMLElement {
    const dismiss = h('button', { type: 'button', class: 'toast-dismiss', 'aria-label': t('notice.dismiss') }, '×');
    const toast = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, h('p', {}, text), dismiss);
    dismiss.addEventListener('click', () => toast.remove());
    this.toasts.append(toast);
    while (this.toasts.children.length > MAX_TOASTS) this.toasts.firstElementChild?.remove();
    // Errors stay until dismissed (people read at different speeds); notices go by themselves.
    if (goesBy) window.setTimeout(() => toast.remove(), 6000);
    return toast;
  }
}

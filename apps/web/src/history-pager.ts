import { byId } from './dom';
import { t } from './i18n/active-locale';

/** Page sizes offered for history (seed 001 FR-020: 50 by default, or 100, 200, 500). */
export const PAGE_SIZES = [50, 100, 200, 500] as const;
const STORAGE_KEY = 'chat.pageSize.v1';

/**
 * The "Load older messages" button and the page size selector above the message list. The
 * chosen size is remembered per browser and used for the first page and each older one.
 */
export class HistoryPager {
  private readonly button = byId<HTMLButtonElement>('load-older-button');
  private readonly start = byId('history-start');
  private readonly select = byId<HTMLSelectElement>('page-size');
  private busy = false;

  constructor(private readonly loadOlder: (limit: number) => Promise<void>) {
    const stored = Number(readStored());
    if ((PAGE_SIZES as readonly number[]).includes(stored)) this.select.value = String(stored);
    this.select.addEventListener('change', () => {
      try {
        localStorage.setItem(STORAGE_KEY, this.select.value);
      } catch {
        /* not remembered, still used for this page */
      }
    });
    this.button.addEventListener('click', () => void this.onClick());
  }

  get pageSize(): number {
    const chosen = Number(this.select.value);
    return (PAGE_SIZES as readonly number[]).includes(chosen) ? chosen : PAGE_SIZES[0];
  }

  /** Whether older messages exist; at the start of the conversation a note replaces the button. */
  setHasMore(hasMore: boolean): void {
    this.button.hidden = !hasMore;
    this.start.hidden = hasMore;
  }

  hideAll(): void {
    this.button.hidden = true;
    this.start.hidden = true;
  }

  private async onClick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    // aria-disabled rather than disabled: a disabled button drops the keyboard focus.
    this.button.setAttribute('aria-disabled', 'true');
    this.button.textContent = t('pane.loading');
    try {
      await this.loadOlder(this.pageSize);
    } finally {
      this.busy = false;
      this.button.removeAttribute('aria-disabled');
      this.button.textContent = t('markup.loadOlder');
      // The button may have gone (start reached); keep keyboard users in the history.
      if (this.button.hidden && document.activeElement === this.button) byId('messages-scroller').focus();
    }
  }
}

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

import { errorText } from './error-text';
import { t } from './i18n/active-locale';

/** What a log pager draws into: the list, its "Older entries" button, and a status line. */
export interface LogPagesView {
  entries: HTMLUListElement;
  more: HTMLButtonElement;
  status: HTMLElement;
}

/**
 * A log shown newest first, a page at a time, continued with "Older entries" from the last entry's
 * id (the moderation and audit logs page the same way). A fresh load starts over; the answer to a
 * request overtaken by a newer one (a filter changed meanwhile) is dropped.
 */
export class LogPages<E extends { id: string }> {
  private last: string | undefined;
  private request = 0;

  constructor(
    private readonly view: LogPagesView,
    private readonly fetchPage: (before: string | undefined) => Promise<{ entries: E[]; hasMore: boolean }>,
    private readonly row: (entry: E) => HTMLLIElement,
    /** What the status says when there is nothing to show. */
    private readonly emptyText: () => string,
  ) {
    view.more.addEventListener('click', () => void this.load(false));
  }

  async load(fresh: boolean): Promise<void> {
    const { entries, more, status } = this.view;
    const request = ++this.request;
    if (fresh) {
      this.last = undefined;
      entries.replaceChildren();
    }
    status.textContent = t('pane.loading');
    try {
      const page = await this.fetchPage(this.last);
      if (request !== this.request) return;
      entries.append(...page.entries.map((e) => this.row(e)));
      this.last = page.entries.at(-1)?.id ?? this.last;
      more.hidden = !page.hasMore;
      status.textContent = entries.children.length ? '' : this.emptyText();
    } catch (err) {
      if (request === this.request) status.textContent = errorText(err);
    }
  }
}

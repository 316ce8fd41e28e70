import { ErrorCode, type MessageReport } from '@chat/contracts';
import { ChatApiError } from '@chat/sdk';
import { avatarNode } from './avatar';
import { h } from './dom';
import { errorText } from './error-text';
import { fullTime, shortTime } from './format';
import { t } from './i18n/active-locale';

/** What a list of open reports draws into: the list, its status line, its heading (focusable, tabindex=-1), a Show more button where it pages, and what an empty list says when it is not reports (quarantine-section.ts). */
export interface ReportQueueView {
  list: HTMLUListElement;
  status: HTMLElement;
  title: HTMLElement;
  more?: HTMLButtonElement;
  empty?: () => string;
}

/** A page of reports as rows, and whether older ones follow. */
export interface ReportPage {
  rows: HTMLLIElement[];
  hasMore: boolean;
}

/** One of a report's buttons: its text, the label naming the report for screen readers, what it does. */
export interface ReportAction {
  text: string;
  label: string;
  run: () => void;
}

/**
 * Open reports that their readers close one at a time, from the top: a conversation's moderators
 * (open-reports-section.ts) and the tenant's administrators (tenant-reports-section.ts). A closed
 * report leaves the list, since only open ones are asked for.
 */
export class ReportQueue {
  /** Bumped per load, so an answer for an earlier one is dropped. */
  private generation = 0;

  constructor(private readonly view: ReportQueueView) {}

  /** Empties the list and its status, e.g. before another conversation's reports load. */
  clear(): void {
    this.view.list.replaceChildren();
    this.view.status.textContent = '';
  }

  /** Shows the rows `load` answers with, or says there are none, or why they could not be had. */
  async show(load: () => Promise<ReportPage>): Promise<void> {
    await this.loading(load, (rows) => {
      this.view.list.replaceChildren(...rows);
      this.view.status.textContent = rows.length === 0 ? (this.view.empty?.() ?? t('reports.none')) : '';
    });
  }

  /** Adds the page below the last report shown under it (unless the list was loaded again meanwhile). */
  async showMore(load: (before: string) => Promise<ReportPage>): Promise<void> {
    const last = this.view.list.lastElementChild as HTMLElement | null;
    const before = last?.dataset.reportId;
    if (!before) return;
    await this.loading(() => load(before), (rows) => this.view.list.append(...rows));
  }

  /** Draws only the answer to the latest load; Show more stays while older reports follow what is drawn. */
  private async loading(load: () => Promise<ReportPage>, draw: (rows: HTMLLIElement[]) => void): Promise<void> {
    const generation = ++this.generation;
    try {
      const { rows, hasMore } = await load();
      if (generation !== this.generation) return;
      draw(rows);
      if (this.view.more) this.view.more.hidden = !hasMore;
    } catch (err) {
      if (generation === this.generation) this.view.status.textContent = errorText(err);
    }
  }

  /** Runs `work` (closing a report, or what goes with it); when it succeeds, `reload` shows the list again. False when refused, which the status says. */
  async close(work: () => Promise<unknown>, reload: () => Promise<void>): Promise<boolean> {
    try {
      await work();
    } catch (err) {
      // Closed by someone else meanwhile: the list shows what stands now, and the status says why nothing changed.
      if (err instanceof ChatApiError && err.code === ErrorCode.REPORT_ALREADY_RESOLVED) await reload();
      this.view.status.textContent = errorText(err);
      return false;
    }
    await reload();
    // Keyboard users keep a place: the next report's first button, else the section.
    (this.view.list.querySelector<HTMLElement>('button') ?? this.view.title).focus();
    return true;
  }
}

/** One report as a list item: the reporter's avatar, when it was made, `what` happened in words, the reporter's note, then `details`, then its buttons. */
export function reportRow(report: MessageReport, what: string, actions: ReportAction[], ...details: HTMLElement[]): HTMLLIElement {
  const buttons = actions.map(({ text, label, run }) => {
    const node = h('button', { type: 'button', class: 'button ghost small', 'aria-label': label }, text);
    node.addEventListener('click', run);
    return node;
  });
  return h(
    'li',
    { class: 'moderation-entry', 'data-report-id': report.id },
    avatarNode(report.reporterId, report.reporterName, report.reporterAvatarUrl),
    h('time', { datetime: report.createdAt, title: fullTime(report.createdAt), class: 'muted small-text' }, shortTime(report.createdAt)),
    h('span', { dir: 'auto' }, ` ${what}`),
    report.note ? h('span', { class: 'muted', dir: 'auto' }, `: ${report.note}`) : null,
    ...details,
    ' ',
    ...buttons,
  );
}

import type { MessageReport, ResolveReportRequest } from '@chat/contracts';
import { byId, h } from './dom';
import { errorText } from './error-text';
import { fullTime, shortTime } from './format';
import { REPORT_REASON_TEXT } from './report-dialog';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';
import type { MessageKey } from './i18n/catalogs';

/** As many open reports as one request returns; moderators close them from the top. */
const PAGE = 100;

/**
 * The moderation dialog's "Open reports" (`GET …/reports?status=open`): each reported message's
 * seq, author, reason and note with who reported it, and Handled (`actioned`) or Dismiss
 * (`dismissed`) through `PATCH …/reports/:reportId`. A closed report leaves the list.
 */
export class OpenReportsSection {
  private readonly list = byId<HTMLUListElement>('moderation-reports');
  private readonly status = byId('moderation-reports-status');
  private conversationId = '';
  /** Bumped per load, so an answer for an earlier one is dropped. */
  private generation = 0;

  constructor(
    private readonly api: SessionApi,
    /** A report was closed: the log has a new entry. */
    private readonly onResolved: () => void,
  ) {}

  async load(conversationId: string): Promise<void> {
    if (conversationId !== this.conversationId) {
      this.list.replaceChildren();
      this.status.textContent = '';
    }
    this.conversationId = conversationId;
    const generation = ++this.generation;
    try {
      const [{ reports }, { members }] = await Promise.all([this.api.reports(conversationId, { status: 'open', limit: PAGE }), this.api.getConversation(conversationId)]);
      if (generation !== this.generation) return;
      const names = new Map(members.map((m) => [m.userId, m.displayName]));
      this.list.replaceChildren(...reports.map((r) => this.row(r, names.get(r.senderId) ?? t('pane.formerMember'))));
      this.status.textContent = reports.length === 0 ? t('reports.none') : '';
    } catch (err) {
      if (generation === this.generation) this.status.textContent = errorText(err);
    }
  }

  private row(report: MessageReport, author: string): HTMLLIElement {
    const reason = t(REPORT_REASON_TEXT[report.reason]);
    const what = t('reports.row', { seq: report.messageSeq, author, reason, reporter: report.reporterName });
    const button = (status: ResolveReportRequest['status'], text: string, label: MessageKey) => {
      const node = h('button', { type: 'button', class: 'button ghost small', 'aria-label': t(label, { seq: report.messageSeq, author }) }, text);
      node.addEventListener('click', () => void this.resolve(report, status));
      return node;
    };
    return h(
      'li',
      { class: 'moderation-entry', 'data-report-id': report.id },
      h('time', { datetime: report.createdAt, title: fullTime(report.createdAt), class: 'muted small-text' }, shortTime(report.createdAt)),
      h('span', { dir: 'auto' }, ` ${what}`),
      report.note ? h('span', { class: 'muted', dir: 'auto' }, `: ${report.note}`) : null,
      ' ',
      button('actioned', t('reports.handled'), 'reports.handledLabel'),
      button('dismissed', t('reports.dismiss'), 'reports.dismissLabel'),
    );
  }

  private async resolve(report: MessageReport, status: ResolveReportRequest['status']): Promise<void> {
    try {
      await this.api.resolveReport(this.conversationId, report.id, { status });
    } catch (err) {
      this.status.textContent = errorText(err);
      return;
    }
    await this.load(this.conversationId);
    // Keyboard users keep a place: the next report's first button, else the section.
    (this.list.querySelector<HTMLElement>('button') ?? byId('moderation-reports-title')).focus();
    this.onResolved();
  }
}

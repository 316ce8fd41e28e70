import type { MessageReport, ResolveReportRequest } from '@chat/contracts';
import { byId } from './dom';
import { REPORT_REASON_TEXT } from './report-dialog';
import { ReportQueue, reportRow } from './report-queue';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';

/** As many open reports as one request returns; moderators close them from the top. */
const PAGE = 100;

/**
 * The moderation dialog's "Open reports" (`GET …/reports?status=open`): each reported message's
 * seq, author, reason and note with who reported it, and Handled (`actioned`) or Dismiss
 * (`dismissed`) through `PATCH …/reports/:reportId`. A closed report leaves the list.
 */
export class OpenReportsSection {
  private readonly queue = new ReportQueue({ list: byId<HTMLUListElement>('moderation-reports'), status: byId('moderation-reports-status'), title: byId('moderation-reports-title') });
  private conversationId = '';

  constructor(
    private readonly api: SessionApi,
    /** A report was closed: the log has a new entry. */
    private readonly onResolved: () => void,
  ) {}

  load(conversationId: string): Promise<void> {
    if (conversationId !== this.conversationId) this.queue.clear();
    this.conversationId = conversationId;
    return this.queue.show(async () => {
      const [{ reports, hasMore }, { members }] = await Promise.all([this.api.reports(conversationId, { status: 'open', limit: PAGE }), this.api.getConversation(conversationId)]);
      const names = new Map(members.map((m) => [m.userId, m.displayName]));
      return { rows: reports.map((r) => this.row(r, names.get(r.senderId) ?? t('pane.formerMember'))), hasMore };
    });
  }

  private row(report: MessageReport, author: string): HTMLLIElement {
    const reason = t(REPORT_REASON_TEXT[report.reason]);
    const what = t('reports.row', { seq: report.messageSeq, author, reason, reporter: report.reporterName });
    const named = { seq: report.messageSeq, author };
    return reportRow(report, what, [
      { text: t('reports.handled'), label: t('reports.handledLabel', named), run: () => void this.resolve(report, 'actioned') },
      { text: t('reports.dismiss'), label: t('reports.dismissLabel', named), run: () => void this.resolve(report, 'dismissed') },
    ]);
  }

  private async resolve(report: MessageReport, status: ResolveReportRequest['status']): Promise<void> {
    const conversationId = this.conversationId;
    if (await this.queue.close(() => this.api.resolveReport(conversationId, report.id, { status }), () => this.load(conversationId))) this.onResolved();
  }
}

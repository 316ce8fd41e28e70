import type { AccountBanRequest, ResolveReportRequest, TenantReport } from '@chat/contracts';
import { avatarNode } from './avatar';
import { byId, h } from './dom';
import { typeLabel } from './format';
import { REPORT_REASON_TEXT } from './report-dialog';
import { ReportQueue, reportRow, type ReportPage } from './report-queue';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';

/** As many open reports as one request returns; administrators close them from the top, or ask for more. */
const PAGE = 100;

/**
 * The Organization dialog's "Reports", for the tenant's administrators: the open reports nobody in
 * their conversation could act on (`GET /v1/admin/reports?escalated=true&status=open`), newest
 * first, each with who reported whom and why, the kind of conversation, and the message's text as
 * it is now (the administrator is usually not a member, so this is the only place to read it).
 * Handled, Dismiss, or Ban author: the account ban (after a confirm), which closes every open
 * report of the author's as handled (and `onBanned` shows the ban where it can be lifted).
 * A closed report leaves the list.
 */
export class TenantReportsSection {
  readonly title = byId('organization-reports-title');
  private readonly queue: ReportQueue;

  constructor(
    private readonly api: SessionApi,
    private readonly onBanned: () => void,
  ) {
    const more = byId<HTMLButtonElement>('organization-reports-more');
    this.queue = new ReportQueue({ list: byId<HTMLUListElement>('organization-reports'), status: byId('organization-reports-status'), title: this.title, more });
    more.addEventListener('click', () => void this.queue.showMore((before) => this.page(before)));
  }

  load(): Promise<void> {
    return this.queue.show(() => this.page(undefined));
  }

  /** Open escalated reports below `before` (newest first). */
  private async page(before: string | undefined): Promise<ReportPage> {
    const { reports, hasMore } = await this.api.tenantReports({ escalated: true, status: 'open', limit: PAGE, before });
    return { rows: reports.map((r) => this.row(r)), hasMore };
  }

  private row(report: TenantReport): HTMLLIElement {
    const author = report.senderName;
    const what = t('tenantReports.row', { reporter: report.reporterName, author, reason: t(REPORT_REASON_TEXT[report.reason]), where: typeLabel(report.conversationType) });
    // The author's avatar beside their message. Null once deleted or end-to-end encrypted: the queue does not say which.
    const authorAvatar = avatarNode(report.senderId, author, report.senderAvatarUrl);
    const text =
      report.messageBody === null
        ? h('p', { class: 'reported-text muted' }, authorAvatar, t('tenantReports.unreadable'))
        : h('p', { class: 'reported-text', dir: 'auto' }, authorAvatar, report.messageBody);
    const named = { reporter: report.reporterName, author };
    return reportRow(
      report,
      what,
      [
        { text: t('reports.handled'), label: t('tenantReports.handledLabel', named), run: () => void this.resolve(report, 'actioned') },
        { text: t('reports.dismiss'), label: t('tenantReports.dismissLabel', named), run: () => void this.resolve(report, 'dismissed') },
        { text: t('tenantReports.ban'), label: t('tenantReports.banLabel', { author }), run: () => void this.banAuthor(report) },
      ],
      text,
    );
  }

  private async resolve(report: TenantReport, status: ResolveReportRequest['status']): Promise<void> {
    await this.queue.close(() => this.api.resolveTenantReport(report.id, { status }), () => this.load());
  }

  /** The account ban ends every login of the author at once, so it is confirmed first; it closes this report and every other open one of theirs as handled. */
  private async banAuthor(report: TenantReport): Promise<void> {
    if (!confirm(t('tenantReports.confirmBan', { author: report.senderName }))) return;
    const ban: AccountBanRequest = { reason: t(REPORT_REASON_TEXT[report.reason]), closeReports: true };
    if (await this.queue.close(() => this.api.banAccount(report.senderId, ban), () => this.load())) this.onBanned();
  }
}

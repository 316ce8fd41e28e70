import type { MessageReport } from '@chat/contracts';
import type { Notifier } from './notifier';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';

/** Where a report's notice leads: a conversation's moderation dialog, or the administrators' reports. */
export interface ReportDestinations {
  moderation(conversationId: string): void;
  tenantReports(): void;
}

/**
 * `message.reported` frames, which the server sends to the devices of the conversation's owners
 * and admins: a notice "Ann reported a message by Bob" that opens the conversation's moderation
 * dialog (its open reports) when clicked. The frame names the reporter; the author's name is
 * looked up among the members (someone who left is a former member). An escalated report goes to
 * the tenant's administrators instead, who are usually not members: its notice names only the
 * reporter and opens the Organization dialog's reports, which show the author and the message.
 */
export class ReportNotices {
  constructor(
    private readonly api: SessionApi,
    private readonly notifier: Notifier,
    private readonly open: ReportDestinations,
  ) {}

  async reported(report: MessageReport): Promise<void> {
    if (report.escalated) {
      this.notifier.offer(t('reports.escalatedNotice', { reporter: report.reporterName }), () => this.open.tenantReports());
      return;
    }
    const author = await this.api.getConversation(report.conversationId).then(
      ({ members }) => members.find((m) => m.userId === report.senderId)?.displayName ?? t('pane.formerMember'),
      () => t('moderation.someone'),
    );
    this.notifier.offer(t('reports.notice', { reporter: report.reporterName, author }), () => this.open.moderation(report.conversationId));
  }
}

import type { MessageReport } from '@chat/contracts';
import type { Notifier } from './notifier';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';

/**
 * `message.reported` frames, which the server sends to the devices of the conversation's owners
 * and admins: a notice "Ann reported a message by Bob" that opens the conversation's moderation
 * dialog (its open reports) when clicked. The frame names the reporter; the author's name is
 * looked up among the members (someone who left is a former member).
 */
export class ReportNotices {
  constructor(
    private readonly api: SessionApi,
    private readonly notifier: Notifier,
    private readonly openModeration: (conversationId: string) => void,
  ) {}

  async reported(report: MessageReport): Promise<void> {
    const author = await this.api.getConversation(report.conversationId).then(
      ({ members }) => members.find((m) => m.userId === report.senderId)?.displayName ?? t('pane.formerMember'),
      () => t('moderation.someone'),
    );
    const text = t('reports.notice', { reporter: report.reporterName, author });
    this.notifier.offer(text, () => this.openModeration(report.conversationId));
    this.notifier.announce(text);
  }
}

import { REPORT_REASONS, type Message, type ReportReason } from '@chat/contracts';
import { byId, h } from './dom';
import { FormDialog } from './form-dialog';
import type { Notifier } from './notifier';
import type { SessionApi } from './session-api';
import { t } from './i18n/active-locale';
import type { MessageKey } from './i18n/catalogs';

/** Each reason of the contract, in words (shared with the moderators' list of reports). */
export const REPORT_REASON_TEXT = {
  spam: 'report.reason.spam',
  harassment: 'report.reason.harassment',
  hate: 'report.reason.hate',
  violence: 'report.reason.violence',
  sexual: 'report.reason.sexual',
  illegal: 'report.reason.illegal',
  other: 'report.reason.other',
} as const satisfies Record<ReportReason, MessageKey>;

/**
 * "Report message" (a message someone else wrote): a reason from the contract's list and an
 * optional note for the conversation's owners and admins (`POST …/messages/:messageId/reports`).
 * A refusal (rate limited with its retry time, the message gone, a note too long) is said in the
 * dialog; success closes it with a short confirmation. Reporting the same message again is
 * answered with the first report, so it reads as success too.
 */
export class ReportDialog {
  private readonly form = new FormDialog('report-dialog', 'report-form', () => this.submit());
  private readonly reason = byId<HTMLSelectElement>('report-reason');
  private readonly note = byId<HTMLTextAreaElement>('report-note');
  private message: Message | null = null;

  constructor(
    private readonly api: SessionApi,
    private readonly notifier: Notifier,
  ) {
    this.reason.replaceChildren(...REPORT_REASONS.map((r) => h('option', { value: r }, t(REPORT_REASON_TEXT[r]))));
  }

  show(message: Message): void {
    this.message = message;
    this.reason.value = REPORT_REASONS[0];
    this.note.value = '';
    this.form.open(this.reason);
  }

  private async submit(): Promise<void> {
    const message = this.message;
    if (!message) return;
    const note = this.note.value.trim();
    await this.form.submitting(async () => {
      await this.api.reportMessage(message.conversationId, message.id, { reason: this.reason.value as ReportReason, ...(note ? { note } : {}) });
      this.form.dialog.close();
      this.notifier.info(t('report.sent'));
    });
  }
}

import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { notificationTexts } from '@chat/domain';
import { APP_CONFIG, type AppConfig } from '@chat/platform';

export interface NotificationEmail {
  to: string;
  conversationId: string;
  /** The message it opens at (the newest it stands for). */
  seq: number;
  title: string;
  body: string;
  /** The recipient's language, for the mail's own words (the link's label, why it came). */
  locale: string | null;
}

/** Notification mail over SMTP (SMTP_URL); without it the channel is unavailable. */
@Injectable()
export class EmailChannel implements OnModuleDestroy {
  private readonly transport: Transporter | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const { email, sendTimeoutMs } = config.notifications;
    this.transport = email.smtpUrl
      ? createTransport({ url: email.smtpUrl, pool: true, connectionTimeout: sendTimeoutMs, greetingTimeout: sendTimeoutMs, socketTimeout: sendTimeoutMs } as never)
      : null;
  }

  get available(): boolean {
    return this.transport !== null;
  }

  /** Rejects when the server refuses the mail or cannot be reached. */
  async send(mail: NotificationEmail): Promise<void> {
    if (!this.transport) throw new Error('email is not configured');
    const texts = notificationTexts(mail.locale);
    // The web client opens `/#conversation=<id>&seq=<n>` at that message (the link a clicked push notification opens too).
    const link = this.config.http.publicUrl
      ? `\n\n${texts.t('email.openConversation', { link: new URL(`/#conversation=${mail.conversationId}&seq=${mail.seq}`, this.config.http.publicUrl).href })}`
      : '';
    await this.transport.sendMail({
      from: this.config.notifications.email.from,
      to: mail.to,
      // Names and bodies are user text: one line, so nothing they hold can start another header.
      subject: `${mail.title}: ${mail.body}`.replace(/[\r\n]+/g, ' '),
      text: `${mail.title}\n\n${mail.body}${link}\n\n${texts.t('email.why')}`,
    });
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}

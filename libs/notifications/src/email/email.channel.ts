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

export interface VerificationEmail {
  to: string;
  code: string;
  /** The language of the user who entered the address. */
  locale: string | null;
}

/** Mail over SMTP (SMTP_URL): notifications, and the codes that verify an address first; without it the channel is unavailable. */
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
    const texts = notificationTexts(mail.locale);
    // The web client opens `/#conversation=<id>&seq=<n>` at that message (the link a clicked push notification opens too).
    const link = this.config.http.publicUrl
      ? `\n\n${texts.t('email.openConversation', { link: new URL(`/#conversation=${mail.conversationId}&seq=${mail.seq}`, this.config.http.publicUrl).href })}`
      : '';
    // Names and bodies are user text: one line, so nothing they hold can start another header.
    await this.mail(mail.to, `${mail.title}: ${mail.body}`.replace(/[\r\n]+/g, ' '), `${mail.title}\n\n${mail.body}${link}\n\n${texts.t('email.why')}`);
  }

  /** The code that proves the address is its owner's; rejects like `send`. */
  async sendVerificationCode({ to, code, locale }: VerificationEmail): Promise<void> {
    const texts = notificationTexts(locale);
    const minutes = this.config.notifications.email.codeTtlMinutes;
    await this.mail(to, texts.t('verification.subject', { code }), `${texts.t('verification.body', { code, minutes })}\n\n${texts.t('verification.why')}`);
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }

  private async mail(to: string, subject: string, text: string): Promise<void> {
    if (!this.transport) throw new Error('email is not configured');
    await this.transport.sendMail({ from: this.config.notifications.email.from, to, subject, text });
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { APP_CONFIG, UserRateLimits, type AppConfig } from '@chat/platform';
import { EmailChannel } from '../email/email.channel';
import type { PendingEmailCode } from '../settings/notification-settings.repository';
import { emailCodeHash, newEmailCode } from './email-code';
import { EmailCodesRepository } from './email-codes.repository';

/** A code made for one user: the code goes in the mail, only the hash and expiry are stored. */
export interface NewEmailCode extends PendingEmailCode {
  code: string;
}

/**
 * Makes verification codes and mails them. Every code, for a new address or a resend, spends one
 * of the user's NOTIFICATION_EMAIL_CODES_PER_HOUR before anything is written (UserRateLimits, with
 * an hour's budget: shared by every node), so neither a loop of
 * address changes nor of resends mails anyone more often, nor buys a guesser more codes to try.
 */
@Injectable()
export class VerificationMailer {
  constructor(
    private readonly email: EmailChannel,
    private readonly codes: EmailCodesRepository,
    private readonly rates: UserRateLimits,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Without a mail server there is nothing to send codes with (and no notification email to verify for). */
  get available(): boolean {
    return this.email.available;
  }

  /** Throws RateLimitedError (429, Retry-After) once the hour's codes are spent. */
  async newCode(userId: string): Promise<NewEmailCode> {
    const { codesPerHour, codeTtlMinutes } = this.config.notifications.email;
    await this.rates.spendUnder(`notificationEmailCodes:${userId}`, { ratePerSecond: codesPerHour / 3_600, burst: codesPerHour });
    const code = newEmailCode();
    return { code, hash: emailCodeHash(userId, code), expiresAt: new Date(Date.now() + codeTtlMinutes * 60_000) };
  }

  /** Mails the code in the user's language; a mail server that does not take it is 503 (the code stays, a resend tries again). */
  async send(tenantId: string, userId: string, to: string, code: string): Promise<void> {
    try {
      await this.email.sendVerificationCode({ to, code, locale: await this.codes.localeOf(tenantId, userId) });
    } catch (cause) {
      throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'The mail server did not take the verification mail', 'The address is saved: ask for a new code in a while', { cause });
    }
  }
}

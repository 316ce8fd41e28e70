import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, type NotificationSettingsResponse } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { VAPID_KEYS, type VapidKeys } from '../push/vapid-keys';
import { notificationSettingsResponse } from '../settings/notification-settings-response';
import { NotificationSettingsRepository } from '../settings/notification-settings.repository';
import { EMAIL_CODE_MAX_ATTEMPTS, emailCodeMatches } from './email-code';
import { EmailCodesRepository } from './email-codes.repository';
import { VerifyNotificationEmailCommand } from './verify-notification-email.command';

const CODE_INVALID = 'This code does not verify the address: it is wrong, expired, or void after too many wrong tries';

/**
 * Verifies my notification address with the code mailed to it. Every try, right or wrong, is
 * spent before the code is compared, so EMAIL_CODE_MAX_ATTEMPTS guesses (even concurrent ones)
 * void it. Verified already: the settings as they are, so a retried request succeeds.
 */
@CommandHandler(VerifyNotificationEmailCommand)
export class VerifyNotificationEmailHandler implements ICommandHandler<VerifyNotificationEmailCommand> {
  constructor(
    private readonly settings: NotificationSettingsRepository,
    private readonly codes: EmailCodesRepository,
    @Inject(VAPID_KEYS) private readonly vapid: VapidKeys | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, code }: VerifyNotificationEmailCommand): Promise<NotificationSettingsResponse> {
    const { tenantId, userId } = principal;
    const current = await this.settings.get(tenantId, userId);
    if (current.emailAddress === null) throw new DomainError(ErrorCode.EMAIL_VERIFICATION_NOT_PENDING, 'There is no notification address to verify', 'Set emailAddress first (PATCH /v1/me/notifications)');
    if (!current.emailVerified) {
      const hash = await this.codes.spendTry(tenantId, userId, EMAIL_CODE_MAX_ATTEMPTS);
      if (hash === null || !emailCodeMatches(userId, code, hash) || !(await this.codes.markVerified(tenantId, userId, hash))) {
        throw new DomainError(ErrorCode.EMAIL_CODE_INVALID, CODE_INVALID);
      }
    }
    return notificationSettingsResponse({ ...current, emailVerified: true }, this.vapid, this.config);
  }
}

import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, type NotificationSettingsResponse } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { VAPID_KEYS, type VapidKeys } from '../push/vapid-keys';
import { notificationSettingsResponse } from '../settings/notification-settings-response';
import { NotificationSettingsRepository } from '../settings/notification-settings.repository';
import { EmailCodesRepository } from './email-codes.repository';
import { ResendEmailCodeCommand } from './resend-email-code.command';
import { VerificationMailer } from './verification-mailer';

const NOT_PENDING = 'There is no unverified notification address: none is set, or it is verified already';

/** Mails a new code to my unverified address; the one before is void (its tries with it). */
@CommandHandler(ResendEmailCodeCommand)
export class ResendEmailCodeHandler implements ICommandHandler<ResendEmailCodeCommand> {
  constructor(
    private readonly settings: NotificationSettingsRepository,
    private readonly codes: EmailCodesRepository,
    private readonly verification: VerificationMailer,
    @Inject(VAPID_KEYS) private readonly vapid: VapidKeys | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal }: ResendEmailCodeCommand): Promise<NotificationSettingsResponse> {
    const { tenantId, userId } = principal;
    if (!this.verification.available) throw new DomainError(ErrorCode.OPERATION_NOT_SUPPORTED, 'This server sends no email (no SMTP_URL)');
    const current = await this.settings.get(tenantId, userId);
    const address = current.emailVerified ? null : current.emailAddress;
    if (address === null) throw new DomainError(ErrorCode.EMAIL_VERIFICATION_NOT_PENDING, NOT_PENDING);
    const code = await this.verification.newCode(userId);
    // The address may have changed (or been verified) since it was read: then this code is for nobody.
    if (!(await this.codes.replace(tenantId, userId, address, code))) throw new DomainError(ErrorCode.EMAIL_VERIFICATION_NOT_PENDING, NOT_PENDING);
    await this.verification.send(tenantId, userId, address, code.code);
    return notificationSettingsResponse(current, this.vapid, this.config);
  }
}

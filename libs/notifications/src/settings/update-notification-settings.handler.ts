import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { NotificationSettings, NotificationSettingsResponse } from '@chat/contracts';
import { APP_CONFIG, ValidationError, type AppConfig } from '@chat/platform';
import { sameMailbox } from '../email-verification/email-code';
import { VerificationMailer } from '../email-verification/verification-mailer';
import { VAPID_KEYS, type VapidKeys } from '../push/vapid-keys';
import { notificationSettingsResponse } from './notification-settings-response';
import { NotificationSettingsRepository } from './notification-settings.repository';
import { UpdateNotificationSettingsCommand } from './update-notification-settings.command';

/**
 * Changes only the fields given; the dispatcher reads the settings again when a notification comes
 * due. A new address is unverified, and gets a code to verify it with when the server can mail.
 */
@CommandHandler(UpdateNotificationSettingsCommand)
export class UpdateNotificationSettingsHandler implements ICommandHandler<UpdateNotificationSettingsCommand> {
  constructor(
    private readonly settings: NotificationSettingsRepository,
    private readonly verification: VerificationMailer,
    @Inject(VAPID_KEYS) private readonly vapid: VapidKeys | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, changes }: UpdateNotificationSettingsCommand): Promise<NotificationSettingsResponse> {
    const { tenantId, userId } = principal;
    const current = await this.settings.get(tenantId, userId);
    const emailAddress = changes.emailAddress === undefined ? current.emailAddress : (changes.emailAddress?.trim() ?? null);
    // Removing the address turns email off unless the same request turns it on, which is refused below.
    const next: NotificationSettings = {
      push: changes.push ?? current.push,
      email: changes.email ?? (emailAddress === null ? false : current.email),
      emailAddress,
      channels: changes.channels ?? current.channels,
    };
    if (next.email && next.emailAddress === null) throw new ValidationError([{ field: 'email', problem: 'needs an emailAddress to send to' }]);
    if (sameMailbox(current.emailAddress, next.emailAddress)) {
      await this.settings.save(tenantId, userId, next);
      return notificationSettingsResponse({ ...next, emailVerified: current.emailVerified }, this.vapid, this.config);
    }
    // The code's budget is spent before anything is written: past it, the change is refused whole.
    const code = next.emailAddress !== null && this.verification.available ? await this.verification.newCode(userId) : null;
    await this.settings.save(tenantId, userId, next, { code });
    if (code) await this.verification.send(tenantId, userId, next.emailAddress!, code.code);
    return notificationSettingsResponse({ ...next, emailVerified: false }, this.vapid, this.config);
  }
}

import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { NotificationSettings, NotificationSettingsResponse } from '@chat/contracts';
import { APP_CONFIG, ValidationError, type AppConfig } from '@chat/platform';
import { VAPID_KEYS, type VapidKeys } from '../push/vapid-keys';
import { notificationSettingsResponse } from './notification-settings-response';
import { NotificationSettingsRepository } from './notification-settings.repository';
import { UpdateNotificationSettingsCommand } from './update-notification-settings.command';

/** Changes only the fields given; the dispatcher reads the settings again when a notification comes due. */
@CommandHandler(UpdateNotificationSettingsCommand)
export class UpdateNotificationSettingsHandler implements ICommandHandler<UpdateNotificationSettingsCommand> {
  constructor(
    private readonly settings: NotificationSettingsRepository,
    @Inject(VAPID_KEYS) private readonly vapid: VapidKeys | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, changes }: UpdateNotificationSettingsCommand): Promise<NotificationSettingsResponse> {
    const current = await this.settings.get(principal.tenantId, principal.userId);
    const emailAddress = changes.emailAddress === undefined ? current.emailAddress : (changes.emailAddress?.trim() ?? null);
    // Removing the address turns email off unless the same request turns it on, which is refused below.
    const next: NotificationSettings = {
      push: changes.push ?? current.push,
      email: changes.email ?? (emailAddress === null ? false : current.email),
      emailAddress,
      channels: changes.channels ?? current.channels,
    };
    if (next.email && next.emailAddress === null) throw new ValidationError([{ field: 'email', problem: 'needs an emailAddress to send to' }]);
    await this.settings.save(principal.tenantId, principal.userId, next);
    return notificationSettingsResponse(next, this.vapid, this.config);
  }
}

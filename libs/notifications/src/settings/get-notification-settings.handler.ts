import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { NotificationSettingsResponse } from '@chat/contracts';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { VAPID_KEYS, type VapidKeys } from '../push/vapid-keys';
import { notificationSettingsResponse } from './notification-settings-response';
import { GetNotificationSettingsQuery } from './get-notification-settings.query';
import { NotificationSettingsRepository } from './notification-settings.repository';

@QueryHandler(GetNotificationSettingsQuery)
export class GetNotificationSettingsHandler implements IQueryHandler<GetNotificationSettingsQuery> {
  constructor(
    private readonly settings: NotificationSettingsRepository,
    @Inject(VAPID_KEYS) private readonly vapid: VapidKeys | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal }: GetNotificationSettingsQuery): Promise<NotificationSettingsResponse> {
    const settings = await this.settings.get(principal.tenantId, principal.userId);
    return notificationSettingsResponse(settings, this.vapid, this.config);
  }
}

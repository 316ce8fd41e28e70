import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { NotificationSettingsResponse } from '@chat/contracts';
import { VAPID_KEYS, type VapidKeys } from '../push/vapid-keys';
import { GetNotificationSettingsQuery } from './get-notification-settings.query';
import { NotificationSettingsRepository } from './notification-settings.repository';

@QueryHandler(GetNotificationSettingsQuery)
export class GetNotificationSettingsHandler implements IQueryHandler<GetNotificationSettingsQuery> {
  constructor(
    private readonly settings: NotificationSettingsRepository,
    @Inject(VAPID_KEYS) private readonly vapid: VapidKeys | null,
  ) {}

  async execute({ principal }: GetNotificationSettingsQuery): Promise<NotificationSettingsResponse> {
    return { settings: await this.settings.get(principal.tenantId, principal.userId), vapidPublicKey: this.vapid?.publicKey ?? null };
  }
}

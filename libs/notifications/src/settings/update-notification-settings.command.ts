import { Command } from '@nestjs/cqrs';
import type { NotificationSettingsResponse, UpdateNotificationSettingsRequest } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class UpdateNotificationSettingsCommand extends Command<NotificationSettingsResponse> {
  constructor(
    readonly principal: Principal,
    readonly changes: UpdateNotificationSettingsRequest,
  ) {
    super();
  }
}

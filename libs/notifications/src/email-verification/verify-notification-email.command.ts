import { Command } from '@nestjs/cqrs';
import type { NotificationSettingsResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class VerifyNotificationEmailCommand extends Command<NotificationSettingsResponse> {
  constructor(
    readonly principal: Principal,
    readonly code: string,
  ) {
    super();
  }
}

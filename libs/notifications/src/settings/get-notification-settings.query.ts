import { Query } from '@nestjs/cqrs';
import type { NotificationSettingsResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class GetNotificationSettingsQuery extends Query<NotificationSettingsResponse> {
  constructor(readonly principal: Principal) {
    super();
  }
}

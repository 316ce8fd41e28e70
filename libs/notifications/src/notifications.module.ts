import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IdentityModule } from '@chat/identity';
import { NotificationsController } from './notifications.controller';
import { WebPushModule } from './push/web-push.module';
import { ListPushSubscriptionsHandler } from './push-subscriptions/list-push-subscriptions.handler';
import { RegisterPushSubscriptionHandler } from './push-subscriptions/register-push-subscription.handler';
import { RemovePushSubscriptionHandler } from './push-subscriptions/remove-push-subscription.handler';
import { GetNotificationSettingsHandler } from './settings/get-notification-settings.handler';
import { NotificationSettingsRepository } from './settings/notification-settings.repository';
import { UpdateNotificationSettingsHandler } from './settings/update-notification-settings.handler';

/** `/v1/me/notifications` and `/v1/me/push-subscriptions`: on the command side (writes) and the query side (reads). */
@Module({
  imports: [CqrsModule, IdentityModule, WebPushModule],
  controllers: [NotificationsController],
  providers: [
    GetNotificationSettingsHandler,
    UpdateNotificationSettingsHandler,
    ListPushSubscriptionsHandler,
    RegisterPushSubscriptionHandler,
    RemovePushSubscriptionHandler,
    NotificationSettingsRepository,
  ],
})
export class NotificationsModule {}

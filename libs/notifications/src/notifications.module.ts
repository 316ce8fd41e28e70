import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IdentityModule } from '@chat/identity';
import { NotificationsController } from './notifications.controller';
import { VapidKeysProvider } from './push/vapid-keys.provider';
import { ListPushSubscriptionsHandler } from './push-subscriptions/list-push-subscriptions.handler';
import { PushSubscriptionsRepository } from './push-subscriptions/push-subscriptions.repository';
import { RegisterPushSubscriptionHandler } from './push-subscriptions/register-push-subscription.handler';
import { RemovePushSubscriptionHandler } from './push-subscriptions/remove-push-subscription.handler';
import { GetNotificationSettingsHandler } from './settings/get-notification-settings.handler';
import { NotificationSettingsRepository } from './settings/notification-settings.repository';
import { UpdateNotificationSettingsHandler } from './settings/update-notification-settings.handler';

/** `/v1/me/notifications` and `/v1/me/push-subscriptions`: on the command side (writes) and the query side (reads). */
@Module({
  imports: [CqrsModule, IdentityModule],
  controllers: [NotificationsController],
  providers: [
    GetNotificationSettingsHandler,
    UpdateNotificationSettingsHandler,
    ListPushSubscriptionsHandler,
    RegisterPushSubscriptionHandler,
    RemovePushSubscriptionHandler,
    NotificationSettingsRepository,
    PushSubscriptionsRepository,
    VapidKeysProvider,
  ],
})
export class NotificationsModule {}

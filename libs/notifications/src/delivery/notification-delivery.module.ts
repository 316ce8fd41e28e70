import { Module } from '@nestjs/common';
import { EmailModule } from '../email/email.module';
import { WebPushModule } from '../push/web-push.module';
import { NotificationDispatcher } from './notification-dispatcher';
import { NotificationMetrics } from './notification-metrics';
import { NotificationQueueRepository } from './notification-queue.repository';
import { NotifyOfflineConsumer } from './notify-offline.consumer';
import { RecipientPresence } from './recipient-presence';
import { WebPushChannel } from './web-push.channel';

/**
 * The notification app's work: queue notifications for offline recipients and send them when due.
 * No HTTP routes: settings and subscriptions are served by NotificationsModule on the command and
 * query side.
 */
@Module({
  imports: [WebPushModule, EmailModule],
  providers: [
    NotifyOfflineConsumer,
    NotificationDispatcher,
    NotificationQueueRepository,
    NotificationMetrics,
    RecipientPresence,
    WebPushChannel,
  ],
})
export class NotificationDeliveryModule {}

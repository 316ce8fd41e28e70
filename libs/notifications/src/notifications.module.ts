import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IdentityModule } from '@chat/identity';
import { EmailModule } from './email/email.module';
import { EmailCodesRepository } from './email-verification/email-codes.repository';
import { ResendEmailCodeHandler } from './email-verification/resend-email-code.handler';
import { VerificationMailer } from './email-verification/verification-mailer';
import { VerifyNotificationEmailHandler } from './email-verification/verify-notification-email.handler';
import { NotificationsController } from './notifications.controller';
import { WebPushModule } from './push/web-push.module';
import { ListPushSubscriptionsHandler } from './push-subscriptions/list-push-subscriptions.handler';
import { RegisterPushSubscriptionHandler } from './push-subscriptions/register-push-subscription.handler';
import { RemovePushSubscriptionHandler } from './push-subscriptions/remove-push-subscription.handler';
import { GetNotificationSettingsHandler } from './settings/get-notification-settings.handler';
import { NotificationSettingsRepository } from './settings/notification-settings.repository';
import { UpdateNotificationSettingsHandler } from './settings/update-notification-settings.handler';

/**
 * `/v1/me/notifications` (with the verification of the notification address) and
 * `/v1/me/push-subscriptions`: on the command side (writes) and the query side (reads).
 */
@Module({
  imports: [CqrsModule, IdentityModule, WebPushModule, EmailModule],
  controllers: [NotificationsController],
  providers: [
    GetNotificationSettingsHandler,
    UpdateNotificationSettingsHandler,
    VerifyNotificationEmailHandler,
    ResendEmailCodeHandler,
    VerificationMailer,
    EmailCodesRepository,
    ListPushSubscriptionsHandler,
    RegisterPushSubscriptionHandler,
    RemovePushSubscriptionHandler,
    NotificationSettingsRepository,
  ],
})
export class NotificationsModule {}

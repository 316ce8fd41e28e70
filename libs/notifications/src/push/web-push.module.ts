import { Module } from '@nestjs/common';
import { PushSubscriptionsRepository } from '../push-subscriptions/push-subscriptions.repository';
import { VapidKeysProvider } from './vapid-keys.provider';

/**
 * What both sides of notifications share: the server's VAPID keys (resolved once per process, so
 * an embedded install generates its pair once) and the browsers' subscriptions.
 */
@Module({
  providers: [VapidKeysProvider, PushSubscriptionsRepository],
  exports: [VapidKeysProvider, PushSubscriptionsRepository],
})
export class WebPushModule {}

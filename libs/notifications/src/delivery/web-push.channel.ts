import { Inject, Injectable, Logger } from '@nestjs/common';
import { generateRequestDetails } from 'web-push';
import type { PushNotificationPayload } from '@chat/contracts';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import type { StoredPushSubscription } from '../push-subscriptions/push-subscriptions.repository';
import { VAPID_KEYS, type VapidKeys } from '../push/vapid-keys';

/** `gone`: the push service no longer knows the subscription (404/410), so it should be forgotten. */
export type PushOutcome = { ok: true } | { ok: false; gone: boolean; error: string };

/**
 * Web Push (RFC 8030) with an encrypted payload (RFC 8291) and VAPID (RFC 8292). web-push builds
 * the request (encryption and the signed Authorization header); this sends it with fetch, under
 * NOTIFICATION_SEND_TIMEOUT_MS, and reads the push service's answer. A redirect is not followed:
 * the endpoint is whatever a client registered, and following it would re-send the request to an
 * address the client chose (an internal service, say); it counts as a failed send.
 */
@Injectable()
export class WebPushChannel {
  private readonly logger = new Logger(WebPushChannel.name);

  constructor(
    @Inject(VAPID_KEYS) private readonly vapid: VapidKeys | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get available(): boolean {
    return this.vapid !== null;
  }

  async send(subscription: StoredPushSubscription, payload: PushNotificationPayload): Promise<PushOutcome> {
    if (!this.vapid) return { ok: false, gone: false, error: 'push is not configured' };
    const { push, sendTimeoutMs } = this.config.notifications;
    try {
      // Inside the try: a subscription whose keys cannot encrypt fails like an unreachable service.
      const request = generateRequestDetails({ endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } }, JSON.stringify(payload), {
        vapidDetails: { subject: push.vapidSubject, publicKey: this.vapid.publicKey, privateKey: this.vapid.privateKey },
        TTL: push.ttlSeconds,
        urgency: 'high',
        // A newer notification of the same conversation replaces one the browser has not fetched yet.
        topic: payload.conversationId.replaceAll('-', ''),
      });
      const answer = await fetch(request.endpoint, {
        method: request.method,
        headers: request.headers as Record<string, string>,
        body: request.body ?? undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(sendTimeoutMs),
      });
      await answer.body?.cancel();
      if (answer.ok) return { ok: true };
      if (answer.status >= 300 && answer.status < 400) {
        this.logger.warn({ subscriptionId: subscription.id, status: answer.status }, 'Push service answered with a redirect, which is not followed');
        return { ok: false, gone: false, error: `push service redirected (${answer.status}), not followed` };
      }
      return { ok: false, gone: answer.status === 404 || answer.status === 410, error: `push service answered ${answer.status}` };
    } catch (err) {
      return { ok: false, gone: false, error: `push failed: ${(err as Error).message}` };
    }
  }
}

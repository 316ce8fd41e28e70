import { Logger } from '@nestjs/common';
import { DEFAULT_NOTIFICATION_SETTINGS } from '@chat/domain';
import type { AppConfig, PresenceKey } from '@chat/platform';
import type { PushSubscriptionsRepository } from '../push-subscriptions/push-subscriptions.repository';
import type { EmailChannel } from '../email/email.channel';
import { NotificationDispatcher } from './notification-dispatcher';
import type { NotificationMetrics } from './notification-metrics';
import type { DueNotification, NotificationQueueRepository } from './notification-queue.repository';
import type { RecipientPresence } from './recipient-presence';
import type { WebPushChannel } from './web-push.channel';

// Claims, drops and sends against real rows are proven by apps/all-in-one/src/notifications.integration-spec.ts.
describe('NotificationDispatcher', () => {
  const config = { notifications: { pollIntervalMs: 1_000, batchSize: 10, sendTimeoutMs: 1_000, maxAttempts: 3, retryBaseMs: 1_000, retryMaxMs: 60_000, previewChars: 100 } } as AppConfig;
  afterEach(() => jest.restoreAllMocks());

  const row = (id: string, seq: number, attempts: number): DueNotification => ({
    id,
    tenantId: 't',
    userId: 'u',
    conversationId: 'c',
    seq,
    messageCreatedAt: new Date(1_000),
    attempts,
    conversationType: 'direct',
    conversationName: null,
    member: { muted: false, lastReadSeq: 0 },
    message: { body: 'hi', attachments: 0, voiceMs: null, deleted: false, addressed: null, senderName: 'Alice', senderAvatarUrl: null },
    settings: DEFAULT_NOTIFICATION_SETTINGS,
    recipientLocale: null,
    recipientBarred: false,
    senderBlocked: false,
  });

  /** One pass over `due`, with every push failing. */
  async function failingPass(due: DueNotification[]) {
    const queue = { claimDue: jest.fn().mockResolvedValueOnce(due), remove: jest.fn(), retryLater: jest.fn() };
    const subscriptions = { ofUsers: async () => [{ id: 's', userId: 'u', endpoint: 'https://push.example.com/1', p256dh: 'k', auth: 'a' }] };
    const push = { available: true, send: async () => ({ ok: false, gone: false, error: 'push service answered 500' }) };
    const email = { available: false };
    const counter = () => ({ inc: jest.fn() });
    const metrics = { sent: counter(), dropped: counter(), failed: counter() };
    const presence = { read: async (keys: PresenceKey[]) => keys.map((k) => ({ ...k, devices: 0, lastSeenAt: null })) };
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const dispatcher = new NotificationDispatcher(
      queue as unknown as NotificationQueueRepository,
      subscriptions as unknown as PushSubscriptionsRepository,
      push as unknown as WebPushChannel,
      email as unknown as EmailChannel,
      metrics as unknown as NotificationMetrics,
      presence as unknown as RecipientPresence,
      config,
    );
    await dispatcher.drain();
    return { queue, metrics };
  }

  it('gives up only the rows that had NOTIFICATION_MAX_ATTEMPTS tries, and retries a fresh one bundled with them on its own backoff', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.999_999);
    const { queue, metrics } = await failingPass([row('old', 1, 3), row('fresh', 2, 1)]);
    expect(queue.remove).toHaveBeenCalledWith(['old']);
    expect(queue.retryLater).toHaveBeenCalledWith(['fresh'], 1_000, 'push service answered 500');
    expect(metrics.failed.inc.mock.calls).toEqual([[{ outcome: 'given-up' }], [{ outcome: 'retry' }]]);
  });

  it('backs off by the most tried of the rows still retried', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.999_999);
    const { queue } = await failingPass([row('second', 1, 2), row('first', 2, 1)]);
    expect(queue.retryLater).toHaveBeenCalledWith(['second', 'first'], 2_000, 'push service answered 500');
    expect(queue.remove).not.toHaveBeenCalledWith(expect.arrayContaining(['second']));
  });
});

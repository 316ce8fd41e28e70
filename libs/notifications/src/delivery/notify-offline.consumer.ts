import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EventName, type EventEnvelope } from '@chat/contracts';
import { APP_CONFIG, EVENT_BUS, type AppConfig, type EventBus } from '@chat/platform';
import { EmailChannel } from '../email/email.channel';
import { NotificationMetrics } from './notification-metrics';
import { RecipientPresence } from './recipient-presence';
import { NotificationQueueRepository, type SentMessage } from './notification-queue.repository';
import { WebPushChannel } from './web-push.channel';

const NOTIFICATION_GROUP = 'notification';

/**
 * Queues a notification for every recipient of a sent message who is offline at that moment
 * (no live device in the shared presence store) and would want one (not muted, a channel on,
 * channel messages only when asked). One candidate query per batch; recipients who are online
 * cost no write. Idempotent: the queue holds one row per recipient and message.
 */
@Injectable()
export class NotifyOfflineConsumer implements OnModuleInit {
  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: NotificationQueueRepository,
    private readonly push: WebPushChannel,
    private readonly email: EmailChannel,
    private readonly metrics: NotificationMetrics,
    private readonly presence: RecipientPresence,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe(NOTIFICATION_GROUP, (events) => this.apply(events));
  }

  async apply(events: readonly EventEnvelope[]): Promise<void> {
    const sent = events.filter(isMessageSent).map((e): SentMessage => ({ tenantId: e.tenantId, message: e.payload.message }));
    if (sent.length === 0) return;
    const candidates = await this.queue.candidates(sent, { push: this.push.available, email: this.email.available });
    if (candidates.length === 0) return;
    const records = await this.presence.read(
      candidates.map((c) => ({ tenantId: c.sent.tenantId, userId: c.userId })),
    );
    const offline = candidates.filter((_, i) => records[i].devices === 0);
    await this.queue.enqueue(offline, this.config.notifications.delayMs);
    this.metrics.queued.inc(offline.length);
  }
}

function isMessageSent(event: EventEnvelope): event is EventEnvelope<typeof EventName.MessageSent> {
  return event.name === EventName.MessageSent;
}

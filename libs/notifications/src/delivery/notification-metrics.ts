import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { Metrics } from '@chat/platform';

/** What happens to queued notifications, on the app's Prometheus registry. */
@Injectable()
export class NotificationMetrics {
  readonly queued: Counter;
  readonly sent: Counter<'channel'>;
  readonly dropped: Counter<'reason'>;
  readonly failed: Counter<'outcome'>;

  constructor(metrics: Metrics) {
    const registers = [metrics.registry];
    this.queued = new Counter({ name: 'chat_notifications_queued_total', help: 'Notifications queued for offline recipients (one per recipient and message)', registers });
    this.sent = new Counter({ name: 'chat_notifications_sent_total', help: 'Notifications delivered, by channel (one may stand for several messages)', labelNames: ['channel'], registers });
    this.dropped = new Counter({ name: 'chat_notifications_dropped_total', help: 'Queued notifications not sent when due, by reason', labelNames: ['reason'], registers });
    this.failed = new Counter({ name: 'chat_notifications_failed_total', help: 'Failed tries: retried later, or given up after NOTIFICATION_MAX_ATTEMPTS', labelNames: ['outcome'], registers });
  }
}

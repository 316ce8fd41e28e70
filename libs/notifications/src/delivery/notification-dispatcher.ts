import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PushNotificationPayload } from '@chat/contracts';
import { dropReason, emailUsable, notificationText, retryDelayMs } from '@chat/domain';
import { APP_CONFIG, PeriodicJob, type AppConfig } from '@chat/platform';
import { PushSubscriptionsRepository, type StoredPushSubscription } from '../push-subscriptions/push-subscriptions.repository';
import { EmailChannel } from '../email/email.channel';
import { NotificationMetrics } from './notification-metrics';
import { RecipientPresence } from './recipient-presence';
import { NotificationQueueRepository, type DueNotification } from './notification-queue.repository';
import { WebPushChannel } from './web-push.channel';

/** Queued notifications of one recipient in one conversation: they go out as one notification. */
interface Bundle {
  rows: DueNotification[];
  newest: DueNotification;
  subscriptions: StoredPushSubscription[];
}

/**
 * Sends queued notifications as they come due. Each pass claims a batch, drops what no longer
 * applies (see dropReason), bundles the rest per recipient and conversation, and tries Web Push to
 * every registered browser, then email when push is off or no browser took it (to a verified
 * address only: the claim reads an unverified one as none, so such a recipient is dropped as
 * `notifications-off` or `nowhere-to-send` like one without an address). A bundle that
 * nothing took is retried with exponential backoff until NOTIFICATION_MAX_ATTEMPTS. Any number of
 * dispatchers may run: claims skip rows another one holds.
 */
@Injectable()
export class NotificationDispatcher extends PeriodicJob {
  private readonly logger = new Logger(NotificationDispatcher.name);

  constructor(
    private readonly queue: NotificationQueueRepository,
    private readonly subscriptions: PushSubscriptionsRepository,
    private readonly push: WebPushChannel,
    private readonly email: EmailChannel,
    private readonly metrics: NotificationMetrics,
    private readonly presence: RecipientPresence,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(config.notifications.pollIntervalMs);
  }

  protected override runOnce(): Promise<unknown> {
    return this.drain();
  }

  /** Passes until fewer than a batch came due. */
  async drain(): Promise<void> {
    const { batchSize, sendTimeoutMs } = this.config.notifications;
    // The lease outlasts a pass's sends (each under the timeout, push then email), so nobody else claims them meanwhile.
    const leaseMs = 3 * sendTimeoutMs;
    for (;;) {
      const due = await this.queue.claimDue(batchSize, leaseMs);
      if (due.length) await this.dispatch(due);
      if (due.length < batchSize) return;
    }
  }

  private async dispatch(due: DueNotification[]): Promise<void> {
    const tenantOf = new Map(due.map((d) => [d.userId, d.tenantId]));
    const users = [...tenantOf.keys()];
    const [presence, subscriptions] = await Promise.all([
      this.presence.read(users.map((userId) => ({ tenantId: tenantOf.get(userId)!, userId }))),
      this.push.available ? this.subscriptions.ofUsers(users) : Promise.resolve([]),
    ]);
    const presenceOf = new Map(presence.map((p) => [p.userId, p]));
    const subscriptionsOf = new Map<string, StoredPushSubscription[]>();
    for (const s of subscriptions) subscriptionsOf.set(s.userId, [...(subscriptionsOf.get(s.userId) ?? []), s]);
    const dropped: string[] = [];
    const bundles = new Map<string, Bundle>();
    for (const d of due) {
      const { devices, lastSeenAt } = presenceOf.get(d.userId)!;
      const userSubscriptions = subscriptionsOf.get(d.userId) ?? [];
      const reason = dropReason({
        recipientBarred: d.recipientBarred,
        senderBlocked: d.senderBlocked,
        seq: d.seq,
        messageCreatedAt: d.messageCreatedAt.getTime(),
        messageDeleted: d.message.deleted,
        addressed: d.message.addressed,
        conversationType: d.conversationType,
        member: d.member,
        settings: d.settings,
        presence: { devices, lastSeenAt },
        reach: { pushTargets: userSubscriptions.length, emailAvailable: this.email.available },
      });
      if (reason) {
        dropped.push(d.id);
        this.metrics.dropped.inc({ reason });
        continue;
      }
      const key = `${d.userId}:${d.conversationId}`;
      const bundle = bundles.get(key) ?? { rows: [], newest: d, subscriptions: userSubscriptions };
      bundle.rows.push(d);
      if (d.seq > bundle.newest.seq) bundle.newest = d;
      bundles.set(key, bundle);
    }
    await this.queue.remove(dropped);
    await Promise.all([...bundles.values()].map((b) => this.deliver(b)));
  }

  private async deliver({ rows, newest, subscriptions }: Bundle): Promise<void> {
    const ids = rows.map((r) => r.id);
    const { previewChars } = this.config.notifications;
    const text = notificationText({
      conversationType: newest.conversationType,
      conversationName: newest.conversationName,
      senderName: newest.message.senderName,
      body: newest.message.body,
      attachments: newest.message.attachments,
      voiceMs: newest.message.voiceMs,
      addressed: newest.message.addressed,
      count: rows.length,
      previewChars,
      locale: newest.recipientLocale,
    });
    const problems: string[] = [];
    if (newest.settings.push && subscriptions.length) {
      const payload: PushNotificationPayload = { kind: 'messages', conversationId: newest.conversationId, ...text, count: rows.length, seq: newest.seq, icon: newest.message.senderAvatarUrl };
      if (await this.pushToAll(subscriptions, payload, problems)) return this.sent(ids, 'push');
    }
    if (emailUsable(newest.settings) && this.email.available) {
      try {
        await this.email.send({ to: newest.settings.emailAddress!, conversationId: newest.conversationId, seq: newest.seq, locale: newest.recipientLocale, ...text });
        return this.sent(ids, 'email');
      } catch (err) {
        problems.push(`email: ${(err as Error).message}`);
      }
    }
    await this.failed(rows, problems.join('; '));
  }

  /**
   * Nothing took the bundle. Each row is judged by its own tries: one that has had
   * NOTIFICATION_MAX_ATTEMPTS is given up, the others (a message that rode along with it, say) are
   * retried after the backoff of the most tried among them.
   */
  private async failed(rows: DueNotification[], error: string): Promise<void> {
    const { userId, conversationId } = rows[0];
    const { maxAttempts, retryBaseMs, retryMaxMs } = this.config.notifications;
    const spent = rows.filter((r) => r.attempts >= maxAttempts);
    const retried = rows.filter((r) => r.attempts < maxAttempts);
    if (spent.length) {
      this.metrics.failed.inc({ outcome: 'given-up' });
      this.logger.warn({ userId, conversationId, attempts: maxAttempts, messages: spent.length, error }, 'Giving up on a notification');
      await this.queue.remove(spent.map((r) => r.id));
    }
    if (retried.length) {
      this.metrics.failed.inc({ outcome: 'retry' });
      const attempts = Math.max(...retried.map((r) => r.attempts));
      await this.queue.retryLater(retried.map((r) => r.id), retryDelayMs(attempts, { baseMs: retryBaseMs, maxMs: retryMaxMs }), error);
    }
  }

  /** True when at least one browser's push service took it; forgets subscriptions their service no longer knows. */
  private async pushToAll(subscriptions: StoredPushSubscription[], payload: PushNotificationPayload, problems: string[]): Promise<boolean> {
    const outcomes = await Promise.all(subscriptions.map((s) => this.push.send(s, payload)));
    let delivered = false;
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.ok) delivered = true;
      else {
        problems.push(outcome.error);
        if (outcome.gone) await this.subscriptions.forget(subscriptions[i].id);
      }
    }
    return delivered;
  }

  private async sent(ids: string[], channel: 'push' | 'email'): Promise<void> {
    this.metrics.sent.inc({ channel });
    await this.queue.remove(ids);
  }
}

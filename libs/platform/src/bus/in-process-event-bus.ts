import { Inject, Injectable, Logger, Optional, type OnModuleDestroy } from '@nestjs/common';
import type { EventEnvelope } from '@chat/contracts';
import { ConsumerDelivery, type DeliveryControl } from './consumer-delivery';
import type { EventBus, EventHandler } from './event-bus.port';
import { HandledOfFailedPublishes } from './handled-of-failed-publishes';
import { OrderedPipeline } from './ordered-pipeline';

interface Group {
  handler: EventHandler;
  pipeline: OrderedPipeline;
}

/**
 * The embedded bus: publish hands the batch to every group, each group through its own ordered
 * pipeline and the groups side by side (so socket fan-out never waits for a slower projection),
 * and resolves when all have handled it. A failing handler is tried again in place (ConsumerDelivery:
 * backoff, then event by event, an event that keeps failing set aside as a dead letter), so one bad
 * event holds the relay back for the length of its backoff, not forever. What still fails (an engine
 * unavailable for CONSUMER_MAX_ATTEMPTS tries, or the bus stopping) fails the publish and the
 * publishes queued behind it in that group, so the relay keeps the outbox rows and publishes again:
 * the same at-least-once contract as Kafka, without a broker. The republish reaches only the groups
 * that had not handled those events (HandledOfFailedPublishes), as Kafka's applied-event log does.
 */
@Injectable()
export class InProcessEventBus implements EventBus, OnModuleDestroy {
  private readonly logger = new Logger(InProcessEventBus.name);
  private readonly groups = new Map<string, Group>();
  private stopping = false;
  private readonly control: DeliveryControl = { active: () => !this.stopping, waitOutUnavailableEngines: false };
  private readonly handledOfFailed = new HandledOfFailedPublishes();

  constructor(@Optional() @Inject(ConsumerDelivery) private readonly delivery: ConsumerDelivery | null = null) {}

  subscribe(group: string, handler: EventHandler): void {
    if (this.groups.has(group)) throw new Error(`Consumer group ${group} is already subscribed`);
    this.groups.set(group, { handler, pipeline: new OrderedPipeline() });
  }

  async publish(events: readonly EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    const groups = [...this.groups];
    const outcomes = await Promise.allSettled(
      groups.map(([name, group]) => group.pipeline.run(() => this.deliver(name, group.handler, this.handledOfFailed.unhandled(name, events)))),
    );
    const failed = outcomes.find((o) => o.status === 'rejected');
    if (!failed) return this.handledOfFailed.forget(events);
    // The relay publishes these events again to every group: the groups that handled them must not apply them twice.
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'fulfilled') this.handledOfFailed.record(groups[i][0], events);
    });
    throw failed.reason;
  }

  async redeliver(group: string, events: readonly EventEnvelope[]): Promise<void> {
    const subscribed = this.groups.get(group);
    if (!subscribed) throw new Error(`Consumer group ${group} is not subscribed in this process`);
    await subscribed.pipeline.run(() => this.deliver(group, subscribed.handler, events));
  }

  onModuleDestroy(): void {
    this.stopping = true;
  }

  private async deliver(group: string, handler: EventHandler, events: readonly EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    try {
      if (this.delivery) await this.delivery.deliver(group, handler, events, this.control);
      else await handler(events);
    } catch (err) {
      this.logger.error({ err, group, eventIds: events.map((e) => e.id) }, 'Consumer failed; the events will be published again');
      throw err;
    }
  }
}

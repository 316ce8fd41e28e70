import { Injectable, Logger } from '@nestjs/common';
import type { EventEnvelope } from '@chat/contracts';
import type { EventBus, EventHandler } from './event-bus.port';
import { OrderedPipeline } from './ordered-pipeline';

interface Group {
  handler: EventHandler;
  pipeline: OrderedPipeline;
}

/**
 * The embedded bus: publish hands the batch to every group, each group through its own ordered
 * pipeline and the groups side by side (so socket fan-out never waits for a slower projection),
 * and resolves when all have handled it. A failing handler fails the publish (and the publishes
 * queued behind it in that group), so the relay keeps the outbox rows and publishes again: the
 * same at-least-once contract as Kafka, without a broker.
 */
@Injectable()
export class InProcessEventBus implements EventBus {
  private readonly logger = new Logger(InProcessEventBus.name);
  private readonly groups = new Map<string, Group>();

  subscribe(group: string, handler: EventHandler): void {
    if (this.groups.has(group)) throw new Error(`Consumer group ${group} is already subscribed`);
    this.groups.set(group, { handler, pipeline: new OrderedPipeline() });
  }

  async publish(events: readonly EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    await Promise.all([...this.groups].map(([name, group]) => group.pipeline.run(() => this.deliver(name, group.handler, events))));
  }

  private async deliver(group: string, handler: EventHandler, events: readonly EventEnvelope[]): Promise<void> {
    try {
      await handler(events);
    } catch (err) {
      this.logger.error({ err, group, eventIds: events.map((e) => e.id) }, 'Consumer failed; the events will be published again');
      throw err;
    }
  }
}

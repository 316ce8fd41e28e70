import { Injectable, Logger } from '@nestjs/common';
import type { EventEnvelope } from '@chat/contracts';
import { inSpan, SpanKind } from '../telemetry/trace-context';
import type { EventBus, EventHandler } from './event-bus.port';

/**
 * The embedded bus: publish hands the events to every group, each group in order and the groups
 * side by side (so socket fan-out never waits for a slower projection), and resolves when all
 * have handled them. A failing handler fails the publish, so the relay keeps the outbox rows and
 * publishes again: the same at-least-once contract as Kafka, without a broker.
 */
@Injectable()
export class InProcessEventBus implements EventBus {
  private readonly logger = new Logger(InProcessEventBus.name);
  private readonly groups = new Map<string, EventHandler>();

  subscribe(group: string, handler: EventHandler): void {
    if (this.groups.has(group)) throw new Error(`Consumer group ${group} is already subscribed`);
    this.groups.set(group, handler);
  }

  async publish(events: readonly EventEnvelope[]): Promise<void> {
    await Promise.all([...this.groups].map(([group, handler]) => this.deliver(group, handler, events)));
  }

  private async deliver(group: string, handler: EventHandler, events: readonly EventEnvelope[]): Promise<void> {
    for (const event of events) {
      try {
        // Each delivery continues the trace of the request that wrote the event.
        await inSpan(`consume ${event.name}`, { kind: SpanKind.CONSUMER, parentHeaders: event.headers, attributes: { 'messaging.consumer.group.name': group } }, () => handler(event));
      } catch (err) {
        this.logger.error({ err, group, eventId: event.id }, 'Consumer failed; the event will be published again');
        throw err;
      }
    }
  }
}

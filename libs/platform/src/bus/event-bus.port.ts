import type { EventEnvelope } from '@chat/contracts';

export type EventHandler = (event: EventEnvelope) => Promise<void>;

/**
 * The event bus the outbox relay publishes to and consumers read from.
 *
 * Semantics every adapter keeps: delivery is at least once; events with the same aggregate id
 * reach a consumer group in publish order; each group sees every event. Consumers must be
 * idempotent (they skip event ids or seqs they already applied).
 */
export interface EventBus {
  /** Resolves once the bus has accepted every event (durably, where the adapter is durable). */
  publish(events: readonly EventEnvelope[]): Promise<void>;
  /** Registers a consumer group; call before the application starts listening. */
  subscribe(group: string, handler: EventHandler): void;
}

export const EVENT_BUS = Symbol('EVENT_BUS');

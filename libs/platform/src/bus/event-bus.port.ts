import type { EventEnvelope } from '@chat/contracts';

/** Handles a batch of events of one group, in order; a batch is all-or-nothing for the bus. */
export type EventHandler = (events: readonly EventEnvelope[]) => Promise<void>;

/**
 * The event bus the outbox relay publishes to and consumers read from.
 *
 * Semantics every adapter keeps: delivery is at least once; events with the same aggregate id
 * reach a consumer group in publish order; each group sees every event. Consumers must be
 * idempotent (they skip event ids or seqs they already applied).
 *
 * Publishes are applied in call order even when several are pending at once, and a publish made
 * while an earlier one is still pending fails if that one fails, so a caller may pipeline
 * publishes (the relay does) and republish from the first failure without reordering anything.
 */
export interface EventBus {
  /** Resolves once every event was handled (in-process) or accepted durably by the broker. */
  publish(events: readonly EventEnvelope[]): Promise<void>;
  /** Registers a consumer group; call before the application starts listening. */
  subscribe(group: string, handler: EventHandler): void;
}

export const EVENT_BUS = Symbol('EVENT_BUS');

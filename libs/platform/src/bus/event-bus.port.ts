import type { EventEnvelope } from '@chat/contracts';

/**
 * Handles a batch of events of one group, in order. A throw makes the bus try again (after a
 * backoff, then event by event, and sets aside an event that keeps failing: see ConsumerDelivery).
 */
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
  /**
   * Delivers events again to one consumer group only (an operator's replay of its dead letters),
   * through the same retries: in-process it resolves once the group handled them (or set them aside
   * again); on Kafka once the brokers accepted them on the group's replay topic, wherever it runs.
   */
  redeliver(group: string, events: readonly EventEnvelope[]): Promise<void>;
}

export const EVENT_BUS = Symbol('EVENT_BUS');

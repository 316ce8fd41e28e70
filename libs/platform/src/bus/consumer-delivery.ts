import { Logger } from '@nestjs/common';
import type { Histogram } from 'prom-client';
import type { EventEnvelope } from '@chat/contracts';
import type { ConsumerConfig } from '../config/consumer-config';
import type { Metrics } from '../metrics/metrics';
import { isTransientError, retryDelayMs } from './consumer-retry';
import type { DeadLetterStore } from './dead-letter-store.port';
import type { EventHandler } from './event-bus.port';

/** How the bus adapter lets a delivery wait between tries. */
export interface DeliveryControl {
  /** False once the delivery should be handed back to the bus (it is stopping; Kafka: the partition moved). */
  active(): boolean;
  /** Called while waiting between tries (Kafka: heartbeats, so a long backoff does not cost the group its member). */
  heartbeat?(): Promise<void>;
  /**
   * Whether an unavailable engine is waited out in place (Kafka: the partition is this member's
   * alone), or the events are handed back after CONSUMER_MAX_ATTEMPTS tries (in-process: the
   * publish fails and the relay publishes them again, so a long outage never holds a shutdown).
   */
  waitOutUnavailableEngines: boolean;
}

const NOTHING_SET_ASIDE: ReadonlySet<string> = new Set();
/** Longest sleep between two checks of the control (and two heartbeats) while backing off. */
const WAIT_SLICE_MS = 1_000;
const ERROR_TEXT_MAX = 4_000;

/**
 * What both bus adapters do with a consumer group's batch, so one bad event never stalls a group:
 *
 * - success (the common case): the handler once, then the group's lag (now − the batch's oldest
 *   occurredAt) observed once. No extra statement or round trip.
 * - an error of an unavailable engine (isTransientError): the same batch again after a capped
 *   exponential backoff, without limit (Kafka) or up to CONSUMER_MAX_ATTEMPTS before handing it back
 *   (in-process); never a dead letter.
 * - any other error: the batch's events one by one, each up to CONSUMER_MAX_ATTEMPTS tries with
 *   backoff; the one that keeps failing is recorded in the DeadLetterStore, counted in
 *   chat_consumer_dead_letters_total{group} and logged (`consumer.dead_lettered`), and the group
 *   moves on to the events after it. Its id is answered, so the adapter does not record it as applied.
 *
 * Handlers are idempotent (at-least-once), so trying again events of a batch that were applied before
 * the failing one changes nothing. An event set aside that a later delivery handles (a republish, a
 * redelivery) has its letter resolved (DeadLetterStore.resolveHandled), so a replay does not apply it again.
 */
export class ConsumerDelivery {
  private readonly logger = new Logger(ConsumerDelivery.name);
  private readonly lagByGroup = new Map<string, ReturnType<Histogram<'group'>['labels']>>();

  constructor(
    private readonly config: ConsumerConfig,
    private readonly store: DeadLetterStore | null,
    private readonly metrics: Metrics | null,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** Delivers the batch; answers the ids set aside as dead letters (usually none). Throws to hand the batch back to the bus. */
  async deliver(group: string, handler: EventHandler, events: readonly EventEnvelope[], control: DeliveryControl): Promise<ReadonlySet<string>> {
    try {
      await handler(events);
    } catch (err) {
      return this.recover(group, handler, events, control, err);
    }
    await this.handled(group, events);
    return NOTHING_SET_ASIDE;
  }

  private async recover(group: string, handler: EventHandler, events: readonly EventEnvelope[], control: DeliveryControl, error: unknown): Promise<ReadonlySet<string>> {
    if (events.length === 1) return (await this.deliverOne(group, handler, events[0], control, error)) ? new Set([events[0].id]) : NOTHING_SET_ASIDE;
    let err = error;
    // An unavailable engine fails every event alike: the batch is tried again whole.
    for (let attempt = 1; isTransientError(err); attempt++) {
      await this.backOff(group, events, control, attempt, err);
      try {
        await handler(events);
        await this.handled(group, events);
        return NOTHING_SET_ASIDE;
      } catch (next) {
        err = next;
      }
    }
    this.logger.warn({ err, group, events: events.length }, 'Consumer failed on a batch; trying its events one by one');
    const setAside = new Set<string>();
    for (const event of events) if (await this.deliverOne(group, handler, event, control)) setAside.add(event.id);
    return setAside;
  }

  /** Tries one event until it is handled (false) or set aside (true). */
  private async deliverOne(group: string, handler: EventHandler, event: EventEnvelope, control: DeliveryControl, firstError?: unknown): Promise<boolean> {
    let failed = firstError !== undefined;
    let err = firstError;
    let attempts = 0;
    let eventFailures = 0;
    let firstFailedAt: Date | null = null;
    for (;;) {
      if (!failed) {
        try {
          await handler([event]);
          await this.handled(group, [event]);
          return false;
        } catch (next) {
          err = next;
        }
      }
      attempts++;
      firstFailedAt ??= new Date();
      if (!isTransientError(err) && ++eventFailures >= this.config.maxAttempts) {
        await this.setAside(group, event, err, attempts, firstFailedAt, control);
        return true;
      }
      await this.backOff(group, [event], control, attempts, err);
      failed = false;
    }
  }

  private async setAside(group: string, event: EventEnvelope, err: unknown, attempts: number, firstFailedAt: Date, control: DeliveryControl): Promise<void> {
    // Nowhere to set it aside: the bus gets it back and delivers it again, as before dead letters.
    if (!this.store) throw err;
    const letter = { group, event, error: errorText(err), attempts, firstFailedAt, lastFailedAt: new Date() };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.store.record(letter);
        break;
      } catch (storeErr) {
        if (!isTransientError(storeErr) && attempt >= this.config.maxAttempts) throw storeErr;
        await this.backOff(group, [event], control, attempt, storeErr);
      }
    }
    this.metrics?.consumerDeadLetters.inc({ group });
    this.logger.error(
      { event: 'consumer.dead_lettered', group, eventId: event.id, eventName: event.name, tenantId: event.tenantId, aggregateId: event.aggregateId, attempts, err },
      `Consumer group ${group} set an event aside after ${attempts} attempts; replay it once the cause is fixed (POST /v1/admin/dead-letters/replay)`,
    );
  }

  /** Waits before the next try, or throws the error to hand the events back to the bus. */
  private async backOff(group: string, events: readonly EventEnvelope[], control: DeliveryControl, attempt: number, err: unknown): Promise<void> {
    const transient = isTransientError(err);
    if (!control.active() || (transient && !control.waitOutUnavailableEngines && attempt >= this.config.maxAttempts)) throw err;
    const delayMs = retryDelayMs(attempt, this.config);
    this.logger.warn({ err, group, eventIds: events.length <= 10 ? events.map((e) => e.id) : undefined, events: events.length, attempt, transient, delayMs }, 'Consumer failed; trying again');
    for (let left = delayMs; left > 0; left -= WAIT_SLICE_MS) {
      await this.sleep(Math.min(left, WAIT_SLICE_MS));
      await control.heartbeat?.();
      if (!control.active()) throw err;
    }
  }

  /** The group handled the events: its lag is observed, and a dead letter of one of them is resolved. */
  private async handled(group: string, events: readonly EventEnvelope[]): Promise<void> {
    this.observeLag(group, events);
    // Best effort: a letter left pending only risks a replay applying the event again, as before.
    await this.store?.resolveHandled(group, events).catch((err) => this.logger.warn({ err, group, events: events.length }, 'Could not resolve the dead letters of handled events'));
  }

  /**
   * The batch's lag: now − the oldest event's occurredAt, once per handled batch on the group's
   * cached series. Per event it cost about 2 µs each (prom-client's observe, then Date.parse) on
   * every group's hot path; the oldest event is the one a latency budget is about. occurredAt is
   * always toISOString's fixed-width UTC form, so the oldest is found by comparing strings.
   */
  private observeLag(group: string, events: readonly EventEnvelope[]): void {
    if (!this.metrics || events.length === 0) return;
    let lag = this.lagByGroup.get(group);
    if (!lag) this.lagByGroup.set(group, (lag = this.metrics.consumerLagSeconds.labels(group)));
    let oldest = events[0].occurredAt;
    for (const event of events) if (event.occurredAt < oldest) oldest = event.occurredAt;
    lag.observe(Math.max(0, Date.now() - Date.parse(oldest)) / 1000);
  }
}

function errorText(err: unknown): string {
  const text = err instanceof Error ? (err.stack ?? `${err.name}: ${err.message}`) : String(err);
  return text.length > ERROR_TEXT_MAX ? `${text.slice(0, ERROR_TEXT_MAX)}…` : text;
}

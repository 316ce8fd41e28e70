import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { EventName, type EventEnvelope } from '@chat/contracts';
import type { ConsumerConfig } from '../config/consumer-config';
import type { InMemoryDeadLetterStore } from './dead-letter-store.port';
import type { EventBus, EventHandler } from './event-bus.port';

/** Retries of the buses under test: quick, so a case sees an event set aside within a second. */
export const CONTRACT_CONSUMERS: ConsumerConfig = { maxAttempts: 3, retryBaseMs: 5, retryMaxMs: 40, listMaxLimit: 100, replayLeaseMs: 60_000, retentionDays: 1 };

/** A fresh bus of one adapter (its own topics and groups), driven the way an app drives it. */
export interface BusUnderTest {
  bus: EventBus;
  /** What the app does once every module subscribed (Kafka: start consumers and wait until they joined). */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Where the bus (built with a ConsumerDelivery of CONTRACT_CONSUMERS) sets failing events aside. */
  deadLetters: InMemoryDeadLetterStore;
}

/**
 * The behaviour every EventBus adapter must show, as plain cases a spec turns into tests
 * (`for (const c of EVENT_BUS_CONTRACT) it(c.name, () => c.run(make))`). `publishLikeTheRelay`
 * republishes a rejected batch, as the outbox relay does, so adapters that report a consumer
 * failure through `publish` (in-process) and those that redeliver on their own (Kafka) are held
 * to the same outcome.
 */
export interface BusContractCase {
  name: string;
  run(make: () => Promise<BusUnderTest>): Promise<void>;
}

export const EVENT_BUS_CONTRACT: BusContractCase[] = [
  {
    name: 'every group sees every event, and the events of one aggregate arrive in publish order',
    async run(make) {
      const { bus, start, stop } = await make();
      const seen = { fanout: new Collector(), projection: new Collector() };
      bus.subscribe('fanout', seen.fanout.handler);
      bus.subscribe('projection', seen.projection.handler);
      try {
        await start();
        const aggregates = [randomUUID(), randomUUID(), randomUUID()];
        const events = Array.from({ length: 30 }, (_, i) => event(aggregates[i % 3], i));
        for (let i = 0; i < events.length; i += 7) await publishLikeTheRelay(bus, events.slice(i, i + 7));
        for (const collector of Object.values(seen)) {
          await collector.waitFor(events.length);
          for (const id of aggregates) assert.deepEqual(collector.orderOf(id), orderOf(events, id));
        }
      } finally {
        await stop();
      }
    },
  },
  {
    name: 'a handler that fails gets the event again, and later events of that aggregate wait for it',
    async run(make) {
      const { bus, start, stop } = await make();
      const aggregate = randomUUID();
      const events = Array.from({ length: 10 }, (_, i) => event(aggregate, i));
      const collector = new Collector();
      let failures = 0;
      bus.subscribe('flaky', async (batch) => {
        for (const e of batch) {
          if (e.id === events[4].id && failures < 2) {
            failures++;
            throw new Error('consumer hiccup');
          }
          await collector.accept(e);
        }
      });
      try {
        await start();
        await publishLikeTheRelay(bus, events);
        await collector.waitFor(events.length);
        assert.equal(failures, 2);
        assert.deepEqual(collector.orderOf(aggregate), orderOf(events, aggregate));
      } finally {
        await stop();
      }
    },
  },
  {
    name: 'an event that keeps failing is set aside after CONSUMER_MAX_ATTEMPTS tries, the group moves on, and a redelivery reaches that group only',
    async run(make) {
      const { bus, start, stop, deadLetters } = await make();
      const aggregate = randomUUID();
      const events = Array.from({ length: 6 }, (_, i) => event(aggregate, i));
      const bad = events[2];
      const poisoned = new Collector();
      const bystander = new Collector();
      let fixed = false;
      let bystanderSawBad = 0;
      bus.subscribe('poisoned', async (batch) => {
        for (const e of batch) {
          if (e.id === bad.id && !fixed) throw new Error('this event cannot be applied');
          await poisoned.accept(e);
        }
      });
      bus.subscribe('bystander', async (batch) => {
        bystanderSawBad += batch.filter((e) => e.id === bad.id).length;
        await bystander.handler(batch);
      });
      try {
        await start();
        await publishLikeTheRelay(bus, events);
        await poisoned.waitFor(events.length - 1);
        await bystander.waitFor(events.length);
        assert.deepEqual(poisoned.orderOf(aggregate), orderOf(events, aggregate).filter((id) => id !== bad.id));
        const letters = deadLetters.of('poisoned');
        assert.equal(letters.length, 1);
        assert.equal(letters[0].event.id, bad.id);
        assert.equal(letters[0].attempts, CONTRACT_CONSUMERS.maxAttempts);
        assert.match(letters[0].error, /this event cannot be applied/);
        assert.equal(deadLetters.of('bystander').length, 0);

        fixed = true;
        await bus.redeliver('poisoned', [letters[0].event]);
        await poisoned.waitFor(events.length);
        await new Promise((r) => setTimeout(r, 500));
        assert.equal(bystanderSawBad, 1, 'a redelivery reaches only the group it names');
        assert.equal(deadLetters.of('poisoned')[0].attempts, CONTRACT_CONSUMERS.maxAttempts, 'a replay that passes is not set aside again');
      } finally {
        await stop();
      }
    },
  },
  {
    name: 'an engine that is unavailable for longer than CONSUMER_MAX_ATTEMPTS tries is waited out: nothing is set aside or lost',
    async run(make) {
      const { bus, start, stop, deadLetters } = await make();
      const aggregate = randomUUID();
      const events = Array.from({ length: 5 }, (_, i) => event(aggregate, i));
      const collector = new Collector();
      const outage = CONTRACT_CONSUMERS.maxAttempts + 2;
      let failures = 0;
      bus.subscribe('outage', async (batch) => {
        for (const e of batch) {
          if (e.id === events[1].id && failures < outage) {
            failures++;
            throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
          }
          await collector.accept(e);
        }
      });
      try {
        await start();
        await publishLikeTheRelay(bus, events);
        await collector.waitFor(events.length);
        assert.equal(failures, outage);
        assert.deepEqual(collector.orderOf(aggregate), orderOf(events, aggregate));
        assert.equal(deadLetters.of('outage').length, 0);
      } finally {
        await stop();
      }
    },
  },
  {
    name: 'a group that fails until the relay publishes again does not make the other groups handle an event twice',
    async run(make) {
      const { bus, start, stop } = await make();
      const events = Array.from({ length: 5 }, (_, i) => event(randomUUID(), i));
      const counted = new Collector();
      const deliveries = new Map<string, number>();
      const recovering = new Collector();
      // In-process, two publishes' worth of tries: the relay has to publish the batch twice more.
      const outage = 2 * CONTRACT_CONSUMERS.maxAttempts;
      let failures = 0;
      bus.subscribe('counting', async (batch) => {
        for (const e of batch) {
          deliveries.set(e.id, (deliveries.get(e.id) ?? 0) + 1);
          await counted.accept(e);
        }
      });
      bus.subscribe('recovering', async (batch) => {
        if (failures < outage) {
          failures++;
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9200'), { code: 'ECONNREFUSED' });
        }
        for (const e of batch) await recovering.accept(e);
      });
      try {
        await start();
        await publishLikeTheRelay(bus, events);
        await recovering.waitFor(events.length);
        await counted.waitFor(events.length);
        await new Promise((r) => setTimeout(r, 500));
        assert.equal(failures, outage);
        assert.deepEqual(
          events.map((e) => deliveries.get(e.id)),
          events.map(() => 1),
        );
      } finally {
        await stop();
      }
    },
  },
  {
    name: 'publishes pipelined behind a failed one fail too, so republishing from the first failure keeps the order',
    async run(make) {
      const { bus, start, stop } = await make();
      const aggregate = randomUUID();
      const events = Array.from({ length: 12 }, (_, i) => event(aggregate, i));
      const collector = new Collector();
      let failNext = true;
      bus.subscribe('pipelined', async (batch) => {
        for (const e of batch) {
          if (e.id === events[3].id && failNext) {
            failNext = false;
            throw new Error('consumer hiccup');
          }
          await collector.accept(e);
        }
      });
      try {
        await start();
        // What the relay does: several batches pending at once, then republish from the first failed one.
        const batches = [events.slice(0, 3), events.slice(3, 6), events.slice(6, 9), events.slice(9)];
        const outcomes = await Promise.allSettled(batches.map((b) => bus.publish(b)));
        const firstFailed = outcomes.findIndex((o) => o.status === 'rejected');
        if (firstFailed >= 0) {
          assert.ok(outcomes.slice(firstFailed).every((o) => o.status === 'rejected'), 'a publish behind a failed one must fail too');
          for (const b of batches.slice(firstFailed)) await publishLikeTheRelay(bus, b);
        }
        await collector.waitFor(events.length);
        assert.deepEqual(collector.orderOf(aggregate), orderOf(events, aggregate));
      } finally {
        await stop();
      }
    },
  },
];

/** Publishes a batch until the bus accepts it, as the outbox relay does with a failed pass. */
export async function publishLikeTheRelay(bus: EventBus, events: EventEnvelope[], attempts = 10): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await bus.publish(events);
    } catch (err) {
      if (attempt >= attempts) throw err;
    }
  }
}

export function event(aggregateId: string, n: number): EventEnvelope {
  return {
    id: randomUUID(),
    name: EventName.ConversationUpdated,
    tenantId: '00000000-0000-7000-8000-000000000000',
    aggregateType: 'conversation',
    aggregateId,
    occurredAt: new Date().toISOString(),
    headers: { 'x-request-id': `contract-${n}` },
    payload: { n } as never,
  };
}

const orderOf = (events: EventEnvelope[], aggregateId: string) => events.filter((e) => e.aggregateId === aggregateId).map((e) => e.id);

/** Handled events in the order of first success per id (a redelivery after success is ignored here). */
export class Collector {
  private readonly ids: string[] = [];
  private readonly byId = new Map<string, EventEnvelope>();
  private readonly waiters: (() => void)[] = [];

  readonly handler: EventHandler = async (events) => {
    for (const e of events) await this.accept(e);
  };

  async accept(e: EventEnvelope): Promise<void> {
    if (this.byId.has(e.id)) return;
    this.byId.set(e.id, e);
    this.ids.push(e.id);
    this.waiters.splice(0).forEach((w) => w());
  }

  get count(): number {
    return this.ids.length;
  }

  orderOf(aggregateId: string): string[] {
    return this.ids.filter((id) => this.byId.get(id)!.aggregateId === aggregateId);
  }

  async waitFor(n: number, timeoutMs = 45_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.ids.length < n) {
      if (Date.now() > deadline) throw new Error(`expected ${n} events, got ${this.ids.length}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }
}

import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Metrics } from '../metrics/metrics';
import { ConsumerDelivery, type DeliveryControl } from './consumer-delivery';
import { InMemoryDeadLetterStore } from './dead-letter-store.port';
import { event } from './event-bus.contracts';
import type { EventHandler } from './event-bus.port';

const CONFIG = { maxAttempts: 4, retryBaseMs: 100, retryMaxMs: 1_000, listMaxLimit: 100, replayLeaseMs: 60_000, retentionDays: 1 };
const unavailable = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9200'), { code: 'ECONNREFUSED' });

describe('ConsumerDelivery', () => {
  let store: InMemoryDeadLetterStore;
  let metrics: Metrics;
  let slept: number[];
  let delivery: ConsumerDelivery;
  const kafka: DeliveryControl = { active: () => true, waitOutUnavailableEngines: true };
  const inProcess: DeliveryControl = { active: () => true, waitOutUnavailableEngines: false };
  const events = () => Array.from({ length: 5 }, (_, i) => event(randomUUID(), i));
  const deadLetterCount = async (group: string) => (await metrics.consumerDeadLetters.get()).values.find((v) => v.labels.group === group)?.value ?? 0;

  beforeEach(() => {
    store = new InMemoryDeadLetterStore();
    metrics = new Metrics();
    slept = [];
    delivery = new ConsumerDelivery(CONFIG, store, metrics, async (ms) => void slept.push(ms));
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('hands a batch that passes to the handler once and observes the lag of its oldest event once for the group, without touching the store', async () => {
    const batch = events().map((e, i) => ({ ...e, occurredAt: new Date(Date.now() - (i === 3 ? 5_000 : 2_000)).toISOString() }));
    const handler = jest.fn<ReturnType<EventHandler>, Parameters<EventHandler>>(async () => undefined);
    expect(await delivery.deliver('search-indexer', handler, batch, kafka)).toEqual(new Set());
    expect(handler).toHaveBeenCalledTimes(1);
    const lag = (await metrics.consumerLagSeconds.get()).values.filter((v) => v.labels.group === 'search-indexer');
    expect(lag.find((v) => v.metricName === 'chat_consumer_lag_seconds_count')?.value).toBe(1);
    expect(lag.find((v) => v.metricName === 'chat_consumer_lag_seconds_sum')?.value).toBeGreaterThanOrEqual(5);
    expect(lag.find((v) => v.metricName === 'chat_consumer_lag_seconds_sum')?.value).toBeLessThan(6);
    expect(store.letters.size).toBe(0);
    expect(slept).toEqual([]);
  });

  it('isolates the event that keeps failing: the others are handled, it is set aside after CONSUMER_MAX_ATTEMPTS tries with backoff, counted and logged', async () => {
    const batch = events();
    const bad = batch[2];
    const handled: string[] = [];
    const tries = new Map<string, number>();
    const handler: EventHandler = async (b) => {
      for (const e of b) {
        tries.set(e.id, (tries.get(e.id) ?? 0) + 1);
        if (e.id === bad.id) throw new Error('mapper_parsing_exception');
        handled.push(e.id);
      }
    };
    const setAside = await delivery.deliver('search-indexer', handler, batch, kafka);
    expect(setAside).toEqual(new Set([bad.id]));
    expect(new Set(handled)).toEqual(new Set(batch.filter((e) => e !== bad).map((e) => e.id)));
    expect(handled.slice(-2)).toEqual([batch[3].id, batch[4].id]);
    expect(tries.get(bad.id)).toBe(1 + CONFIG.maxAttempts); // the batch, then its own tries
    expect(slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(0.75 * (100 + 200 + 400));
    const [letter] = store.of('search-indexer');
    expect(letter).toMatchObject({ group: 'search-indexer', event: bad, attempts: CONFIG.maxAttempts });
    expect(letter.error).toContain('mapper_parsing_exception');
    expect(letter.firstFailedAt.getTime()).toBeLessThanOrEqual(letter.lastFailedAt.getTime());
    expect(await deadLetterCount('search-indexer')).toBe(1);
    expect(Logger.prototype.error).toHaveBeenCalledWith(expect.objectContaining({ event: 'consumer.dead_lettered', group: 'search-indexer', eventId: bad.id, tenantId: bad.tenantId, attempts: CONFIG.maxAttempts }), expect.any(String));
  });

  it('retries a handler that fails a few times and then passes, setting nothing aside', async () => {
    const [only] = events();
    let failures = 0;
    const handler: EventHandler = async () => {
      if (failures++ < CONFIG.maxAttempts - 1) throw new Error('hiccup');
    };
    expect(await delivery.deliver('audit', handler, [only], inProcess)).toEqual(new Set());
    expect(failures).toBe(CONFIG.maxAttempts);
    expect(slept.length).toBeGreaterThanOrEqual(CONFIG.maxAttempts - 1);
    expect(store.letters.size).toBe(0);
    expect(await deadLetterCount('audit')).toBe(0);
  });

  it('waits out an unavailable engine on Kafka without limit, retrying the batch whole, and never sets an event aside for it', async () => {
    const batch = events();
    let calls = 0;
    const sizes: number[] = [];
    const handler: EventHandler = async (b) => {
      sizes.push(b.length);
      if (calls++ < 3 * CONFIG.maxAttempts) throw unavailable();
    };
    expect(await delivery.deliver('read-models', handler, batch, kafka)).toEqual(new Set());
    expect(sizes.every((n) => n === batch.length)).toBe(true);
    expect(calls).toBe(3 * CONFIG.maxAttempts + 1);
    expect(Math.max(...slept)).toBeLessThanOrEqual(CONFIG.retryMaxMs);
    expect(store.letters.size).toBe(0);
  });

  it('in-process, hands an unavailable engine back to the bus after CONSUMER_MAX_ATTEMPTS tries (the relay publishes again), setting nothing aside', async () => {
    let calls = 0;
    const handler: EventHandler = async () => {
      calls++;
      throw unavailable();
    };
    await expect(delivery.deliver('read-models', handler, events(), inProcess)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(calls).toBe(CONFIG.maxAttempts);
    expect(store.letters.size).toBe(0);
  });

  it('hands the batch back without setting anything aside once the bus stops (or Kafka moved the partition)', async () => {
    let active = true;
    const handler: EventHandler = async () => {
      active = false;
      throw new Error('bad event');
    };
    await expect(delivery.deliver('audit', handler, events().slice(0, 1), { active: () => active, waitOutUnavailableEngines: true })).rejects.toThrow('bad event');
    expect(store.letters.size).toBe(0);
  });

  it('heartbeats while it backs off, at least once a second', async () => {
    const heartbeat = jest.fn(async () => undefined);
    let calls = 0;
    const handler: EventHandler = async () => {
      if (calls++ < 6) throw unavailable();
    };
    await delivery.deliver('notification', handler, events().slice(0, 1), { ...kafka, heartbeat });
    expect(slept.every((ms) => ms <= 1_000)).toBe(true);
    expect(heartbeat).toHaveBeenCalledTimes(slept.length);
  });

  it('without a store, gives the event back to the bus when the tries are spent (nothing is lost)', async () => {
    const noStore = new ConsumerDelivery(CONFIG, null, metrics, async () => undefined);
    const handler: EventHandler = async () => {
      throw new Error('bad event');
    };
    await expect(noStore.deliver('audit', handler, events().slice(0, 1), kafka)).rejects.toThrow('bad event');
    expect(await deadLetterCount('audit')).toBe(0);
  });

  it('resolves the dead letter of an event the group later handles (a republish, a redelivery), and only that group\'s', async () => {
    const [bad, other] = events();
    let fixed = false;
    const handler: EventHandler = async (b) => {
      if (!fixed && b.some((e) => e.id === bad.id)) throw new Error('mapper_parsing_exception');
    };
    await delivery.deliver('search-indexer', handler, [bad], kafka);
    await store.record({ group: 'audit', event: bad, error: 'bad event', attempts: 1, firstFailedAt: new Date(), lastFailedAt: new Date() });
    expect(store.pending('search-indexer').map((l) => l.event.id)).toEqual([bad.id]);

    fixed = true;
    await delivery.deliver('search-indexer', handler, [other, bad], kafka);
    expect(store.pending('search-indexer')).toEqual([]);
    expect(store.pending('audit').map((l) => l.event.id)).toEqual([bad.id]);
  });

  it('keeps trying to record a dead letter while the store is unavailable, then counts it once', async () => {
    let storeFailures = 0;
    const flaky = {
      record: jest.fn(async () => {
        if (storeFailures++ < 2) throw unavailable();
      }),
      resolveHandled: async () => undefined,
    };
    const withFlakyStore = new ConsumerDelivery(CONFIG, flaky, metrics, async () => undefined);
    const [only] = events();
    const setAside = await withFlakyStore.deliver('audit', async () => {
      throw new Error('bad event');
    }, [only], kafka);
    expect(setAside).toEqual(new Set([only.id]));
    expect(flaky.record).toHaveBeenCalledTimes(3);
    expect(await deadLetterCount('audit')).toBe(1);
  });
});

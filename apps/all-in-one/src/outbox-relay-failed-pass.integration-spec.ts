import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { EventEnvelope } from '@chat/contracts';
import { createDataSource, OutboxCommits, OutboxRelay } from '@chat/persistence';
import { LoadMonitor, loadConfig, Metrics, type EventBus } from '@chat/platform';
import { createTestDatabase, eventually, sleep } from '@chat/testing';

const EVENTS = 40;

/** A bus whose publishes are held until the test opens the latch: events stay in flight in the relay that handed them over. */
class LatchedBus implements EventBus {
  readonly published: string[] = [];
  private open!: () => void;
  private readonly latch = new Promise<void>((resolve) => (this.open = resolve));

  async publish(events: readonly EventEnvelope[]): Promise<void> {
    this.published.push(...events.map((e) => e.id));
    await this.latch;
  }

  release(): void {
    this.open();
  }

  subscribe(): void {}
  async redeliver(): Promise<void> {}
}

/**
 * Relays on one database whose pass fails for a reason other than its connection. One that fails
 * while its publishes are in flight lets its shards go only once those are settled and marked, so
 * the relay taking the shards never publishes them again; the pending gauge's count, on the app's
 * pool, fails nothing.
 */
describe('outbox relay, a failed pass', () => {
  let url: string;
  let dataSource: DataSource;
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    url = await createTestDatabase();
    dataSource = createDataSource({ url, poolMax: 4 });
    await dataSource.initialize();
    await dataSource.runMigrations();
  });
  afterAll(() => dataSource?.destroy());
  afterEach(() => jest.restoreAllMocks());

  const config = loadConfig({ OUTBOX_SHARDS: '2', OUTBOX_POLL_INTERVAL_MS: '50', OUTBOX_BATCH_LINGER_MS: '0', OUTBOX_BATCH_SIZE: '100' });
  const metrics = new Metrics();
  const relay = (bus: EventBus) => {
    const made = new OutboxRelay(dataSource, url, bus, config, metrics, new OutboxCommits(dataSource, config), new LoadMonitor(config, metrics));
    relays.push(made);
    return made;
  };
  const listenerOf = (r: OutboxRelay) => (r as unknown as { listener: Client | null }).listener;
  // Many aggregates, so both shards have rows.
  const appendEvents = (n: number) =>
    dataSource.query(
      `INSERT INTO outbox (tenant_id, event_id, event_name, aggregate_type, aggregate_id, payload)
       SELECT $1, gen_random_uuid(), 'chat.conversation.updated.v1', 'conversation', gen_random_uuid(), '{}' FROM generate_series(1, $2)`,
      [randomUUID(), n],
    );
  const unpublished = async () => (await dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`))[0].n as number;
  const stopAll = async () => {
    for (const r of relays.splice(0)) await r.onModuleDestroy();
  };
  afterEach(stopAll);

  it('settles and marks its in-flight events before letting its shards go: each event is published once', async () => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const bus = new LatchedBus();
    await appendEvents(EVENTS);
    const first = relay(bus);
    await first.onApplicationBootstrap();
    await eventually(() => expect(bus.published).toHaveLength(EVENTS));
    const second = relay(bus);
    await second.onApplicationBootstrap();
    // Connected, so the first relay counts it when it claims shards again.
    await eventually(() => expect(listenerOf(second)).not.toBeNull());
    // The first relay's next pass fails on a statement (a timeout, say) while its connection works.
    jest.spyOn(listenerOf(first)!, 'query').mockImplementationOnce(() => Promise.reject(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' })));
    // The second relay rebalances every 2 s: long enough to take a shard the first let go too early.
    await sleep(3_000);
    bus.release();

    await eventually(async () => expect(await unpublished()).toBe(0), { timeoutMs: 20_000 });
    await sleep(500);
    expect(bus.published).toHaveLength(EVENTS);
    expect(new Set(bus.published).size).toBe(EVENTS);
  });

  it('keeps its shards and its connection when counting the pending events fails (the pool is busy)', async () => {
    const bus = new LatchedBus();
    bus.release();
    const count = jest.spyOn(dataSource, 'query').mockImplementationOnce(() => Promise.reject(new Error('timeout exceeded when acquiring a connection from the pool')));
    const only = relay(bus);
    await only.onApplicationBootstrap();
    await eventually(() => expect(count).toHaveBeenCalled());
    const listener = listenerOf(only);
    expect(listener).not.toBeNull();
    await appendEvents(5);
    await eventually(async () => expect(await unpublished()).toBe(0));
    expect(listenerOf(only)).toBe(listener);
  });
});

import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { EventEnvelope } from '@chat/contracts';
import { APP_CONFIG, EVENT_BUS, LoadMonitor, Metrics, StorageOutageLog, isStorageUnavailable, type AppConfig, type EventBus } from '@chat/platform';
import { DATABASE_URL } from '../database.module';
import { OutboxCommits } from './outbox-commits';
import type { WakeSignal } from './wake-signal';

interface OutboxRow {
  id: string;
  tenant_id: string;
  event_id: string;
  event_name: EventEnvelope['name'];
  aggregate_type: EventEnvelope['aggregateType'];
  aggregate_id: string;
  payload: EventEnvelope['payload'];
  headers: Record<string, string>;
  occurred_at: Date;
}

/**
 * Advisory lock namespace of the relay; the second key is the shard. Only the holder of a shard's
 * lock publishes that shard, so each aggregate's events leave in outbox order while several relay
 * instances share the work and take over each other's shards when one dies.
 */
const RELAY_LOCK_CLASS = 7_346_001;
/** How often a relay rebalances: takes free shards (a relay that died released its locks) or gives extras back. */
const CLAIM_INTERVAL_MS = 2_000;

/** The shard of an outbox row: a stable hash of its aggregate id, so one aggregate is always one shard. */
export const OUTBOX_SHARD_SQL = `mod(hashtext(aggregate_id::text)::bigint + 2147483648, $2)`;

/** How the relay's connection runs its statements. */
export const RELAY_SESSION_SETTINGS = [
  // Fetches and marks ride this connection. A mark lost in a crash only means the events go out
  // again, so it does not wait for the disk.
  'SET synchronous_commit = off',
  // The fetch must walk `outbox_unpublished` in id order: a plain index scan marks the entries of
  // rows it finds marked published (dead to everyone) as dead in the index, so the next pass skips
  // them. The bitmap scan the planner prefers for a few rows never does, and each pass would
  // re-read every row marked since the last vacuum (thousands under load).
  'SET enable_bitmapscan = off',
  // The pass is a prepared statement, so after five runs it keeps a generic plan, and a plan made
  // while the outbox was small marks rows by scanning the whole table. The table grows (published
  // rows are retained) and every pass reads all of it until an ANALYZE happens to invalidate the
  // plan: a thousand pages per pass after a minute of load. Marks and fetches name rows by id, so
  // index lookups are right at any size.
  'SET enable_seqscan = off',
  // The shards' advisory locks live as long as this session. A relay whose host vanished (power,
  // network) sends no FIN, and Postgres would keep its session, and the locks, for the OS's two
  // hours of TCP keepalive: those shards' events would wait that long. Probed after 10 s idle, it
  // is dropped within about 25 s and the shards go to other relays.
  'SET tcp_keepalives_idle = 10',
  'SET tcp_keepalives_interval = 5',
  'SET tcp_keepalives_count = 3',
];

/**
 * One relay pass in one round trip: mark what the bus is done with ($5), fetch what comes next.
 * The SELECT sees the rows as they were before the UPDATE, so everything in flight ($4), marked
 * now or not, is skipped. $1 batch size, $2 shard count, $3 this relay's shards.
 */
export const RELAY_PASS_SQL = `WITH marked AS (UPDATE outbox SET published_at = now() WHERE id = ANY($5::bigint[]))
  SELECT id, tenant_id, event_id, event_name, aggregate_type, aggregate_id, payload, headers, occurred_at
    FROM outbox WHERE published_at IS NULL AND ${OUTBOX_SHARD_SQL} = ANY($3::int[]) AND NOT (id = ANY($4::bigint[])) ORDER BY id LIMIT $1`;

@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  /** While the database is down every pass fails: one line per outage (and per 30 s), not one per pass. */
  private readonly outage = new StorageOutageLog('Outbox relay cannot reach the database; retrying every pass');
  private listener: Client | null = null;
  private running = false;
  private readonly wakeSignal: WakeSignal;
  private loop: Promise<void> | null = null;
  private lastCountAt = 0;
  private readonly shards = new Set<number>();
  private lastClaimAt = 0;
  /** Outbox ids handed to the bus and not marked published yet (the next fetch skips them), with when their event occurred. */
  private readonly inFlight = new Map<string, number>();
  /** When the first event of the last fetch occurred (null: the fetch found nothing): the backlog's age. */
  private oldestFetchedAt: number | null = null;
  /** Of those, the ones the bus is done with: the next fetch marks them in the same statement. */
  private readonly done = new Set<string>();
  private readonly publishing = new Set<Promise<void>>();
  /** A publish failed: the relay drains and fetches again, so the failed rows go out first. */
  private publishFailed = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
    commits: OutboxCommits,
    load: LoadMonitor,
  ) {
    this.wakeSignal = commits.wakeSignal;
    load.watchEventLag('outbox', () => this.lagMs());
  }

  /**
   * How long the oldest event this relay has yet to see published has waited: in flight to a bus
   * that does not answer, or first in a backlog the relay has not caught up with.
   */
  lagMs(): number {
    let oldest = this.oldestFetchedAt ?? Infinity;
    for (const occurredAt of this.inFlight.values()) oldest = Math.min(oldest, occurredAt);
    return oldest === Infinity ? 0 : Math.max(0, Date.now() - oldest);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.running = true;
    this.loop = this.run();
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.wakeSignal.interrupt();
    await this.loop;
    await this.drain();
    if (this.listener) await this.markDone(this.listener).catch(() => undefined);
    await this.dropListener();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const listener = await this.holdsShards();
        if (!listener) {
          await this.sleep();
          continue;
        }
        const published = await this.relayBatch(listener);
        if (published >= this.config.outbox.batchSize) continue;
        if (published > 0) await this.linger();
        await this.sleep();
      } catch (err) {
        const unavailable = isStorageUnavailable(err);
        if (unavailable) this.outage.note(this.logger, err);
        else this.logger.error({ err }, 'Outbox relay pass failed; retrying');
        await this.letShardsGo(unavailable);
        await this.sleep();
      }
    }
  }

  /**
   * Locks live on the LISTEN connection: losing the connection releases them for another relay.
   * Answers that connection while it holds shards.
   */
  private async holdsShards(): Promise<Client | null> {
    if (!this.listener) {
      // keepAlive: the same from this side, for a database host that vanished (the pass would hang on its socket).
      const client = new Client({ connectionString: this.databaseUrl, application_name: 'chat-outbox-relay', keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
      client.on('error', (err) => {
        this.logger.warn({ err }, 'Outbox listener connection lost');
        void this.dropListener();
      });
      await client.connect();
      for (const setting of RELAY_SESSION_SETTINGS) await client.query(setting);
      // Rows of other processes (and, on a single node, only rows written outside the app) are heard here.
      client.on('notification', () => this.wakeSignal.notify());
      await client.query('LISTEN outbox_inserted');
      this.listener = client;
    }
    if (Date.now() - this.lastClaimAt >= CLAIM_INTERVAL_MS) await this.balanceShards(this.listener);
    return this.shards.size > 0 ? this.listener : null;
  }

  /**
   * Holds a fair share of the shards: ceil(shards / live relays), where live relays are the relay
   * connections open on this database. A relay above its share lets the extra shards go (between
   * passes, so never mid-batch) and the others pick them up; free shards are taken up to the share,
   * so the shards of a relay that died are taken over within CLAIM_INTERVAL_MS.
   */
  private async balanceShards(client: Client): Promise<void> {
    this.lastClaimAt = Date.now();
    const total = this.config.outbox.shards;
    const { rows: live } = await client.query<{ relays: number }>(
      `SELECT count(*)::int AS relays FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'chat-outbox-relay'`,
    );
    const share = Math.ceil(total / Math.max(1, live[0].relays));
    const released: number[] = [];
    // Nothing of a shard may still be in flight or unmarked once another relay can take it.
    if (this.shards.size > share) {
      await this.drain();
      await this.markDone(client);
    }
    for (const shard of [...this.shards].sort((a, b) => b - a)) {
      if (this.shards.size <= share) break;
      await client.query('SELECT pg_advisory_unlock($1, $2)', [RELAY_LOCK_CLASS, shard]);
      this.shards.delete(shard);
      released.push(shard);
    }
    const claimed: number[] = [];
    for (let shard = 0; shard < total && this.shards.size < share; shard++) {
      if (this.shards.has(shard)) continue;
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [RELAY_LOCK_CLASS, shard]);
      if (rows[0].locked) {
        this.shards.add(shard);
        claimed.push(shard);
      }
    }
    if (claimed.length || released.length) this.logger.log({ took: claimed, released, holds: [...this.shards].sort((a, b) => a - b), of: total }, 'Outbox relay shards changed');
  }

  /**
   * After a failed pass: starts over on a new connection, and lets the shards go meanwhile. When
   * the connection still works (the pass failed on something else), what is in flight is settled
   * and marked first, as balanceShards does: a relay that takes a shard must not publish rows whose
   * earlier copies are still on their way here (twice, and out of order behind them). When the
   * connection failed (the database is unavailable, or the connection is gone), its locks went
   * with it, and so did any chance to mark.
   */
  private async letShardsGo(connectionFailed: boolean): Promise<void> {
    const listener = this.listener;
    if (listener && !connectionFailed) {
      await this.drain();
      await this.markDone(listener).catch((err) => this.logger.warn({ err }, 'Could not mark published outbox events before letting the shards go'));
    }
    await this.dropListener();
  }

  private async dropListener(): Promise<void> {
    const listener = this.listener;
    this.listener = null;
    this.shards.clear();
    await listener?.end().catch(() => undefined);
  }

  /**
   * Fetches the next unpublished rows of this relay's shards and hands them to the bus without
   * waiting for the previous batches: up to OUTBOX_PUBLISHES_IN_FLIGHT are pending at once, and the
   * bus applies them in call order (see EventBus). Each batch is marked published once the bus is
   * done with it. After a failure everything pending settles first (the bus fails what was queued
   * behind it), then fetching starts over from the oldest unpublished row, so order holds.
   */
  private async relayBatch(client: Client): Promise<number> {
    const { batchSize, publishesInFlight, shards } = this.config.outbox;
    if (this.publishFailed) {
      await this.drain();
      this.publishFailed = false;
    }
    while (this.publishing.size >= publishesInFlight) await Promise.race(this.publishing);
    const marking = [...this.done];
    const { rows } = await client.query<OutboxRow>({
      name: 'outbox-relay-pass',
      text: RELAY_PASS_SQL,
      values: [batchSize, shards, [...this.shards], [...this.inFlight.keys()], marking],
    });
    this.marked(marking);
    this.oldestFetchedAt = rows.length ? rows[0].occurred_at.getTime() : null;
    this.metrics.outboxLagSeconds.set(this.oldestFetchedAt === null ? 0 : (Date.now() - this.oldestFetchedAt) / 1000);
    // A publish that failed while this fetch ran must be republished before anything after it.
    if (rows.length > 0 && !this.publishFailed) this.dispatch(rows);
    await this.maybeCountPending();
    return rows.length;
  }

  private dispatch(rows: OutboxRow[]): void {
    const ids = rows.map((r) => r.id);
    rows.forEach((r) => this.inFlight.set(r.id, r.occurred_at.getTime()));
    const publishing: Promise<void> = this.bus
      .publish(rows.map(toEnvelope))
      .then(
        () => ids.forEach((id) => this.done.add(id)),
        (err) => {
          ids.forEach((id) => this.inFlight.delete(id));
          this.publishFailed = true;
          this.wakeSignal.interrupt();
          this.logger.error({ err, events: ids.length }, 'Publishing outbox events failed; they will be published again');
        },
      )
      .finally(() => this.publishing.delete(publishing));
    this.publishing.add(publishing);
  }

  /** Marks what the bus is done with when no fetch is coming to do it (stopping, giving shards away). */
  private async markDone(client: Client): Promise<void> {
    const marking = [...this.done];
    if (marking.length === 0) return;
    await client.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])', [marking]);
    this.marked(marking);
  }

  private marked(ids: readonly string[]): void {
    for (const id of ids) {
      this.done.delete(id);
      this.inFlight.delete(id);
    }
    this.metrics.eventsPublished.inc(ids.length);
  }

  private async drain(): Promise<void> {
    while (this.publishing.size > 0) await Promise.allSettled([...this.publishing]);
  }

  /**
   * The pending gauge, once a minute (published rows are OutboxRetention's). On the app's pool,
   * not the relay's connection: a busy pool (an acquire timeout) costs one reading of the gauge,
   * never the pass, whose failure would let every shard go.
   */
  private async maybeCountPending(): Promise<void> {
    if (Date.now() - this.lastCountAt < 60_000) return;
    this.lastCountAt = Date.now();
    try {
      const [{ pending }] = await this.dataSource.query(`SELECT count(*)::int AS pending FROM outbox WHERE published_at IS NULL`);
      this.metrics.outboxPending.set(pending);
    } catch (err) {
      this.logger.warn({ err }, 'Could not count the pending outbox events; the gauge keeps its last value');
    }
  }

  /**
   * While events keep coming, one pass per OUTBOX_BATCH_LINGER_MS: what commits in the meantime
   * goes out together, one relay pass, one projection transaction and one index write for all of
   * it instead of one each per send. An event after a quiet spell still goes out at once.
   */
  private linger(): Promise<void> {
    const { batchLingerMs } = this.config.outbox;
    return batchLingerMs > 0 && this.running ? new Promise((resolve) => setTimeout(resolve, batchLingerMs)) : Promise.resolve();
  }

  /** None once stopping: the stop's interrupt only ends a sleep that already runs, and a poll interval can be long. */
  private sleep(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return this.wakeSignal.sleep(this.config.outbox.pollIntervalMs);
  }
}

function toEnvelope(row: OutboxRow): EventEnvelope {
  return {
    id: row.event_id,
    name: row.event_name,
    tenantId: row.tenant_id,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    occurredAt: row.occurred_at.toISOString(),
    position: Number(row.id),
    headers: row.headers,
    payload: row.payload,
  } as EventEnvelope;
}

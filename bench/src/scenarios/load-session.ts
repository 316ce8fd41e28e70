import { randomBytes } from 'node:crypto';
import type { TargetName } from '../cli/args';
import { LoadPool, type ConnectFigures, type LoadFigures } from '../load/load-pool';
import { planSockets } from '../load/plan';
import { bytesPerConnection } from '../report/stats';
import { dbActivity, type DbActivity, type DbSnapshot } from '../runtime/db-stats';
import { serverMetricsActivity, type MetricsSnapshot, type ServerMetricsActivity } from '../runtime/server-metrics';
import type { Cleanup } from '../runtime/cleanup';
import { wallNow } from '../runtime/clock';
import { sleep } from '../runtime/processes';
import { steadyRss, WindowSampler, type ResourceFigures } from '../runtime/sampler';
import { TARGET_STARTERS, type RunningTarget } from '../targets';
import { isStolen, leastStolen } from './host-noise';
import type { ProfileExitRecord } from '../targets/target';

/** Longest wait for the server to digest the set-up before measuring. */
const SETTLE_MAX_MS = 180_000;
/**
 * How often a window the host stole CPU from (see steal.ts) is measured again. The host steals in
 * bursts; the least disturbed measurement is kept, and the report still warns if all were.
 */
const STOLEN_WINDOW_RETRIES = 2;

export interface SessionOptions {
  target: TargetName;
  sockets: number;
  rooms: number;
  workers: number;
  bodyBytes: number;
  /** See BenchOptions.deliveryAcksMs. */
  deliveryAcksMs: number;
  cpuProfileDir?: string;
  onProfiledExit?: (record: ProfileExitRecord) => void;
  serverEnv?: Record<string, string>;
  log: (line: string) => void;
  /** Told each measured window (wall clock). */
  onMeasuredWindow?: (startAt: number, endAt: number) => void;
}

/** One measured load step against a target. */
export interface StepFigures {
  load: LoadFigures;
  /** The server over the measured window (ours: node alone and node + Postgres). */
  server: ResourceFigures | null;
  /** The load generator processes over the same window: if they run out of CPU, so does the measurement. */
  loadgen: ResourceFigures | null;
  /** (server RSS at the end of the window − RSS before the sockets connected) / sockets. */
  rssPerConnectionBytes: number | null;
  /** Postgres over the window (ours). */
  db: DbActivity | null;
  /** The server's own metrics over the window (ours). */
  metrics: ServerMetricsActivity | null;
}

export interface LoadSession {
  target: RunningTarget;
  pool: LoadPool;
  accountsMs: number;
  connect: ConnectFigures;
  /** How long the server took to digest the set-up (joins) before the first measurement. */
  settleMs: number | null;
  /** Server RSS once accounts and rooms exist, before any socket connects. */
  rssBeforeSocketsBytes: number;
  measure(rate: number, warmupMs: number, durationMs: number, bodyBytes?: number): Promise<StepFigures>;
}

/**
 * Starts the target and the load workers, creates the rooms (and accounts, for ours), connects
 * and joins every socket, runs `work`, then stops workers and target whatever happened.
 */
export async function withLoadSession<T>(options: SessionOptions, cleanup: Cleanup, work: (session: LoadSession) => Promise<T>): Promise<T> {
  const { log } = options;
  const target = await TARGET_STARTERS[options.target](cleanup, { cpuProfileDir: options.cpuProfileDir, onProfiledExit: options.onProfiledExit, serverEnv: options.serverEnv, log });
  let pool: LoadPool | null = null;
  try {
    pool = await LoadPool.start(options.workers, cleanup);
    const runId = randomBytes(3).toString('hex');
    const rooms = await target.createRooms(options.rooms, runId);
    const plan = planSockets(options.sockets, rooms, target.urls, pool.size);
    log(`${target.name}: ${options.sockets} sockets in ${rooms.length} rooms over ${pool.size} workers${target.needsAccounts ? ': logging users in and joining rooms over REST' : ''}`);
    const accounts = await pool.setup(plan, target.needsAccounts, `b${runId}_`);
    if (accounts.failed > 0) throw new Error(`${accounts.failed} of ${options.sockets} accounts could not be set up: ${accounts.errors.join('; ')}\n${target.output().slice(-3000)}`);
    await sleep(1000);
    const before = await steadyRss(target.pids);
    const connect = await pool.connect({ concurrency: 64, join: true, deliveryAcksMs: options.deliveryAcksMs });
    log(`${target.name}: ${connect.connected}/${options.sockets} connected, ${connect.joined} joined (accounts ${(accounts.elapsedMs / 1000).toFixed(1)} s, connect ${((connect.timeToAllConnectedMs ?? 0) / 1000).toFixed(1)} s)`);
    if (connect.failed > 0 || connect.joinFailed > 0) throw new Error(`${connect.failed} sockets failed to connect, ${connect.joinFailed} to join: ${connect.errors.join('; ')}\n${target.output().slice(-3000)}`);
    const settled = await target.settle?.(SETTLE_MAX_MS);
    if (settled) log(`${target.name}: set-up digested in ${(settled.waitedMs / 1000).toFixed(1)} s${settled.pending ? `; still ${settled.pending} events pending, measuring anyway` : ''}`);
    const activePool = pool;
    const measureOnce = async (rate: number, warmupMs: number, durationMs: number, bodyBytes: number): Promise<StepFigures> => {
      const server = new WindowSampler(target.pids);
      const loadgen = new WindowSampler(activePool.pids());
      const db: Promise<DbSnapshot | null>[] = [];
      const metrics: Promise<MetricsSnapshot | null>[] = [];
      const load = await activePool.load({ rate, warmupMs, durationMs, bodyBytes }, (start, end) => {
        options.onMeasuredWindow?.(start, end);
        db.push(readAt(start, target.dbSnapshot), readAt(end, target.dbSnapshot));
        metrics.push(readAt(start, target.metricsSnapshot), readAt(end, target.metricsSnapshot));
        server.schedule(start, end, wallNow);
        loadgen.schedule(start, end, wallNow);
      });
      server.stop();
      loadgen.stop();
      const serverFigures = server.figures();
      const [dbStart, dbEnd] = await Promise.all(db);
      const [metricsStart, metricsEnd] = await Promise.all(metrics);
      return {
        load,
        server: serverFigures,
        loadgen: loadgen.figures(),
        rssPerConnectionBytes: serverFigures ? bytesPerConnection(before.rssBytes, serverFigures.nodeRssBytes, connect.connected) : null,
        db: dbStart && dbEnd ? dbActivity(dbStart, dbEnd) : null,
        metrics: metricsStart && metricsEnd ? serverMetricsActivity(metricsStart, metricsEnd) : null,
      };
    };
    const session: LoadSession = {
      target,
      pool,
      accountsMs: accounts.elapsedMs,
      connect,
      settleMs: settled?.waitedMs ?? null,
      rssBeforeSocketsBytes: before.rssBytes,
      measure: async (rate, warmupMs, durationMs, bodyBytes = options.bodyBytes) => {
        let step = await measureOnce(rate, warmupMs, durationMs, bodyBytes);
        for (let retry = 1; retry <= STOLEN_WINDOW_RETRIES && isStolen(step); retry++) {
          log(`${target.name}: the hypervisor took ${Math.round(step.server!.machineStealPct!)} % of a core during the window at ${rate} msg/s; measuring it again (${retry}/${STOLEN_WINDOW_RETRIES})`);
          step = leastStolen(step, await measureOnce(rate, warmupMs, durationMs, bodyBytes));
        }
        return step;
      },
    };
    return await work(session);
  } catch (err) {
    if (err instanceof Error && !err.message.includes('\n')) log(`${target.name} server output (tail):\n${target.output().slice(-3000)}`);
    throw err;
  } finally {
    await pool?.close();
    await target.stop();
  }
}

/** What `read` answers at wall-clock time `at` (null for a target without it, or when the read fails). */
function readAt<T>(at: number, read: (() => Promise<T>) | undefined): Promise<T | null> {
  return new Promise((resolve) => setTimeout(() => resolve(read?.().catch(() => null) ?? null), Math.max(0, at - wallNow())));
}

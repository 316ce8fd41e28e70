import type { ChildProcess } from 'node:child_process';
import { mergeEncoded, summarize, type LatencySummary } from '../report/latency';
import { perSecond } from '../report/stats';
import type { Cleanup } from '../runtime/cleanup';
import { wallNow } from '../runtime/clock';
import { captureOutput, exited, forkTs, sleep } from '../runtime/processes';
import { expectedDeliveries } from './plan';
import type { ConnectResult, Envelope, LoadResult, SetupResult, SocketAssignment, WorkerCommand, WorkerMessage, WorkerReply } from './protocol';

/** Like the SDK's RealtimeClient.startHeartbeat default: the server counts a device gone after 30 s without one. */
export const HEARTBEAT_MS = 15_000;

class WorkerHandle {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly output: () => string;
  readonly ready: Promise<void>;

  constructor(readonly child: ChildProcess) {
    this.output = captureOutput(child, 20_000);
    this.ready = new Promise((resolve, reject) => {
      child.on('message', (msg: WorkerMessage) => {
        if ('type' in msg && msg.type === 'ready') resolve();
        else if ('id' in msg) this.settle(msg);
      });
      child.once('exit', (code, signal) => {
        const err = new Error(`load worker ${child.pid} exited (${code ?? signal}):\n${this.output().slice(-2000)}`);
        reject(err);
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      });
    });
  }

  call<T>(cmd: WorkerCommand, timeoutMs: number): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`load worker ${this.child.pid} did not answer ${cmd.type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v as T)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.child.send({ ...cmd, id } satisfies Envelope<WorkerCommand>);
    });
  }

  private settle(reply: WorkerReply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.result);
    else p.reject(new Error(`load worker ${this.child.pid}: ${reply.error}`));
  }
}

export interface ConnectFigures {
  sockets: number;
  connected: number;
  failed: number;
  joined: number;
  joinFailed: number;
  /** From the common start to the last socket connected (the storm's length). */
  timeToAllConnectedMs: number | null;
  /** Each socket's time from the common start to connected. */
  connectLatency: LatencySummary;
  joinedByRoom: Record<string, number>;
  errors: string[];
}

/** The counters every worker reports, summed over the workers. */
type SummedCounters = Pick<
  LoadResult,
  'sent' | 'acked' | 'ackErrors' | 'ackTimeouts' | 'skipped' | 'warmupErrors' | 'disconnects' | 'reorders' | 'gaps' | 'delivered' | 'otherFrames' | 'otherFramesByEvent' | 'heartbeats' | 'heartbeatErrors' | 'deliveryAcksSent'
>;

export interface LoadFigures extends SummedCounters {
  targetRate: number;
  durationMs: number;
  expectedDeliveries: number;
  /** delivered / expected. */
  deliveryRatio: number;
  sentPerSec: number;
  ackedPerSec: number;
  deliveredPerSec: number;
  /** Send → message.created at each member socket. */
  deliveryLatency: LatencySummary;
  /** Send → ack (for ours: persisted with its seq). */
  ackLatency: LatencySummary;
  errors: string[];
}

/** Load generator processes, each owning a slice of the sockets; the runner talks to them over IPC. */
export class LoadPool {
  private membersByRoom: Record<string, number> = {};
  private phase = 0;
  /** Stops the workers once and takes them off the cleanup list. */
  close: () => Promise<void> = async () => undefined;

  private constructor(private readonly workers: WorkerHandle[]) {}

  static async start(count: number, cleanup: Cleanup): Promise<LoadPool> {
    const handles: WorkerHandle[] = [];
    const pool = new LoadPool(handles);
    pool.close = cleanup.add('load workers', () => pool.shutdown());
    for (let i = 0; i < count; i++) handles.push(new WorkerHandle(forkTs('bench/src/load-worker.ts', { BENCH_WORKER_ID: String(i) })));
    await Promise.race([Promise.all(handles.map((h) => h.ready)), sleep(60_000).then(() => Promise.reject(new Error('load workers not ready after 60 s')))]);
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  pids(): number[] {
    return this.workers.map((w) => w.child.pid!).filter(Boolean);
  }

  async setup(plan: SocketAssignment[][], accounts: boolean, usernamePrefix: string): Promise<SetupResult> {
    const results = await Promise.all(this.workers.map((w, i) => w.call<SetupResult>({ type: 'setup', sockets: plan[i] ?? [], accounts, usernamePrefix, concurrency: 8 }, 15 * 60_000)));
    return {
      ok: sum(results.map((r) => r.ok)),
      failed: sum(results.map((r) => r.failed)),
      errors: results.flatMap((r) => r.errors).slice(0, 10),
      elapsedMs: Math.max(...results.map((r) => r.elapsedMs)),
    };
  }

  /** concurrency 0: every socket at once (a storm); else that many connecting at a time per worker. */
  async connect(options: { concurrency: number; join: boolean; ackTimeoutMs?: number; heartbeatMs?: number; deliveryAcksMs?: number }): Promise<ConnectFigures> {
    const startAt = wallNow() + 300;
    const results = await Promise.all(
      this.workers.map((w) => w.call<ConnectResult>({ type: 'connect', startAt, concurrency: options.concurrency, join: options.join, ackTimeoutMs: options.ackTimeoutMs ?? 10_000, heartbeatMs: options.heartbeatMs ?? HEARTBEAT_MS, deliveryAcksMs: options.deliveryAcksMs ?? 0 }, 5 * 60_000)),
    );
    this.membersByRoom = {};
    for (const r of results) for (const [room, n] of Object.entries(r.joinedByRoom)) this.membersByRoom[room] = (this.membersByRoom[room] ?? 0) + n;
    const last = results.map((r) => r.lastConnectedAt).filter((x): x is number => x !== null);
    return {
      sockets: sum(results.map((r) => r.connected + r.failed)),
      connected: sum(results.map((r) => r.connected)),
      failed: sum(results.map((r) => r.failed)),
      joined: sum(results.map((r) => r.joined)),
      joinFailed: sum(results.map((r) => r.joinFailed)),
      timeToAllConnectedMs: last.length ? Math.max(...last) - startAt : null,
      connectLatency: summarize(mergeEncoded(results.map((r) => r.connectHistogram))),
      joinedByRoom: this.membersByRoom,
      errors: results.flatMap((r) => r.errors).slice(0, 10),
    };
  }

  /**
   * Sends `rate` messages/s in total for warm-up + duration, and measures the duration part.
   * `onWindow` is told the measured window so the caller can sample the server over it.
   */
  async load(options: { rate: number; warmupMs: number; durationMs: number; bodyBytes: number; ackTimeoutMs?: number }, onWindow?: (startAt: number, endAt: number) => void): Promise<LoadFigures> {
    const startAt = wallNow() + 300;
    const ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    const perWorkerRate = options.rate / this.workers.length;
    const phaseId = `${process.pid.toString(36)}${(++this.phase).toString(36)}`;
    onWindow?.(startAt + options.warmupMs, startAt + options.warmupMs + options.durationMs);
    const results = await Promise.all(
      this.workers.map((w) =>
        w.call<LoadResult>(
          {
            type: 'load',
            startAt,
            warmupMs: options.warmupMs,
            durationMs: options.durationMs,
            ratePerSecond: perWorkerRate,
            bodyBytes: options.bodyBytes,
            // Beyond ~ack timeout's worth of messages unacked the server is not keeping up.
            maxInFlight: Math.max(100, Math.ceil(perWorkerRate * (ackTimeoutMs / 1000))),
            drainQuietMs: 750,
            drainMaxMs: ackTimeoutMs + 5_000,
            phaseId,
          },
          options.warmupMs + options.durationMs + ackTimeoutMs + 60_000,
        ),
      ),
    );
    const ackedByRoom: Record<string, number> = {};
    for (const r of results) for (const [room, n] of Object.entries(r.ackedByRoom)) ackedByRoom[room] = (ackedByRoom[room] ?? 0) + n;
    const expected = expectedDeliveries(ackedByRoom, this.membersByRoom);
    const delivered = sum(results.map((r) => r.delivered));
    // Deliveries still arriving after the window (a backlog) stretch it, so throughput stays honest;
    // the time by which 99 % had arrived, not the last one, so a tail of stragglers does not.
    const arrivals = mergeEncoded(results.map((r) => r.arrivalHistogram));
    const deliveryWindowMs = Math.max(options.durationMs, arrivals.totalCount ? arrivals.getValueAtPercentile(99) / 1000 : 0);
    const acked = sum(results.map((r) => r.acked));
    return {
      targetRate: options.rate,
      durationMs: options.durationMs,
      sent: sum(results.map((r) => r.sent)),
      acked,
      ackErrors: sum(results.map((r) => r.ackErrors)),
      ackTimeouts: sum(results.map((r) => r.ackTimeouts)),
      skipped: sum(results.map((r) => r.skipped)),
      warmupErrors: sum(results.map((r) => r.warmupErrors)),
      disconnects: sum(results.map((r) => r.disconnects)),
      reorders: sum(results.map((r) => r.reorders)),
      gaps: sum(results.map((r) => r.gaps)),
      expectedDeliveries: expected,
      delivered,
      deliveryRatio: expected > 0 ? delivered / expected : 0,
      sentPerSec: perSecond(sum(results.map((r) => r.sent)), options.durationMs),
      ackedPerSec: perSecond(acked, options.durationMs),
      deliveredPerSec: perSecond(delivered, deliveryWindowMs),
      otherFrames: sum(results.map((r) => r.otherFrames)),
      otherFramesByEvent: results.reduce<Record<string, number>>((m, r) => {
        for (const [e, n] of Object.entries(r.otherFramesByEvent)) m[e] = (m[e] ?? 0) + n;
        return m;
      }, {}),
      heartbeats: sum(results.map((r) => r.heartbeats)),
      heartbeatErrors: sum(results.map((r) => r.heartbeatErrors)),
      deliveryAcksSent: sum(results.map((r) => r.deliveryAcksSent)),
      deliveryLatency: summarize(mergeEncoded(results.map((r) => r.deliveryHistogram))),
      ackLatency: summarize(mergeEncoded(results.map((r) => r.ackHistogram))),
      errors: results.flatMap((r) => r.errors).slice(0, 10),
    };
  }

  /** Closes every socket and ends the workers (killing any that does not leave in time). */
  private async shutdown(): Promise<void> {
    await Promise.all(
      this.workers.map(async (w) => {
        if (w.child.exitCode !== null || w.child.signalCode !== null) return;
        await w.call({ type: 'close' }, 10_000).catch(() => undefined);
        const gone = await Promise.race([exited(w.child).then(() => true), sleep(5_000).then(() => false)]);
        if (!gone) w.child.kill('SIGKILL');
      }),
    );
  }
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

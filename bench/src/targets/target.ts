import type { TargetName } from '../cli/args';
import type { DbSnapshot } from '../runtime/db-stats';
import type { LiveMemory } from '../runtime/live-memory';
import type { MetricsSnapshot } from '../runtime/server-metrics';

/**
 * Something the load generator is pointed at, started by the runner and stopped by it.
 *
 * A target may serve sockets from several processes and URLs (the distributed mode will have two
 * gateways): the load spreads its sockets over `urls` round-robin, and the sampler reads CPU and
 * memory of every pid in `pids` (and of each one's children, e.g. embedded Postgres).
 */
export interface RunningTarget {
  name: TargetName;
  label: string;
  urls: string[];
  pids: number[];
  /** Sockets need accounts (REST guest login and channel membership) before they can join rooms. */
  needsAccounts: boolean;
  /** Rooms to spread the sockets over; their ids are what `conversation.join` takes. */
  createRooms(count: number, runId: string): Promise<string[]>;
  /** What the server printed (last part), for reports when something fails. */
  output(): string;
  /** Postgres counters, for targets that have a database (ours). */
  dbSnapshot?: () => Promise<DbSnapshot>;
  /** The server's own Prometheus series (ours), over every URL. */
  metricsSnapshot?: () => Promise<MetricsSnapshot>;
  /**
   * Waits until the server has digested earlier work (ours: the outbox holds no unpublished
   * events, e.g. the member.joined events of the set-up), so a measurement does not queue
   * behind it. Resolves with what was still pending (0 when settled).
   */
  settle?: (maxMs: number) => Promise<{ pending: number; waitedMs: number }>;
  /** The server's live memory after a full collection; started with `TargetContext.inspect` only. */
  liveMemory?: () => Promise<LiveMemory>;
  stop(): Promise<void>;
}

export interface TargetContext {
  /** Writes a V8 CPU profile of the server into this directory (ours only). */
  cpuProfileDir?: string;
  /** Opens the server's V8 inspector on a free loopback port, so `liveMemory` can read its heap. */
  inspect?: boolean;
  /** Extra environment for our server. */
  serverEnv?: Record<string, string>;
  /** Told when a profiled server process exits (wall clock): places its CPU profile in time. */
  onProfiledExit?: (record: ProfileExitRecord) => void;
  log: (line: string) => void;
}

/** When a profiled server exited: its CPU profile ends then, which places the profile on the wall clock. */
export interface ProfileExitRecord {
  pid: number;
  exitedAt: number;
}

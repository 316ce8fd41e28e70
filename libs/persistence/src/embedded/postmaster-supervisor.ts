import type { ChildProcess } from 'node:child_process';

/** How a postmaster that exits on its own is brought back. */
export interface PostmasterRestartPolicy {
  /** Restarts in a row that may fail before the supervisor gives up. */
  attempts: number;
  /** Wait before the first restart; doubled after each failure. */
  backoffMs: number;
  /**
   * Cap of that wait. A restarted postmaster that exits again before it has run this long counts
   * as a failed restart, so a crash loop ends in giving up too.
   */
  backoffMaxMs: number;
}

/** What the supervisor reports; the caller logs `exited`, `restart_failed` and `gave_up` at error. */
export type PostmasterEvent =
  | { event: 'postgres.exited'; pid: number | undefined; code: number | null; signal: NodeJS.Signals | null }
  | { event: 'postgres.restart_failed'; attempt: number; error: string; retryInMs: number | null }
  | { event: 'postgres.restarted'; attempt: number; downMs: number }
  | { event: 'postgres.gave_up'; attempts: number };

export interface PostmasterSupervisorOptions {
  policy: PostmasterRestartPolicy;
  /** Starts a postmaster on the same cluster and port; resolves once it accepts connections. */
  spawn: () => Promise<ChildProcess>;
  report: (event: PostmasterEvent) => void;
  /** After `attempts` failed restarts in a row: the process should exit so its supervisor restarts it. */
  giveUp: () => void;
}

/**
 * Watches a running postmaster. An exit nobody asked for (OOM killer, crash, a stray kill) is
 * reported and answered with a restart after a capped, doubling backoff: Postgres replays its WAL,
 * and the cluster and port stay the same, so pools reconnect on their own. A restart that fails
 * (the killed postmaster's backends still hold its shared memory for a moment, say) is retried;
 * after `attempts` failures in a row the supervisor gives up.
 */
export class PostmasterSupervisor {
  private child: ChildProcess | null = null;
  private startedAt = 0;
  private restarted = false;
  private failures = 0;
  private stopping = false;
  private restarting: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;

  constructor(
    child: ChildProcess,
    private readonly options: PostmasterSupervisorOptions,
  ) {
    this.watch(child);
  }

  /** Throws while the postmaster is down: the readiness check. */
  assertRunning(): void {
    if (this.child) return;
    throw new Error(this.stopping ? 'stopped' : `down, restarting (${this.failures} failed restarts so far)`);
  }

  /** Stops supervising, then stops the postmaster ("fast" shutdown). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    await this.restarting;
    const child = this.child;
    this.child = null;
    if (child) await stopPostmaster(child);
  }

  private watch(child: ChildProcess): void {
    this.child = child;
    this.startedAt = Date.now();
    child.once('exit', (code, signal) => {
      if (this.stopping || this.child !== child) return;
      this.child = null;
      this.options.report({ event: 'postgres.exited', pid: child.pid, code, signal });
      const crashLoop = this.restarted && Date.now() - this.startedAt < this.options.policy.backoffMaxMs;
      this.failures = crashLoop ? this.failures + 1 : 0;
      this.restarting = this.restart().finally(() => (this.restarting = null));
    });
  }

  private async restart(): Promise<void> {
    const { policy, spawn, report, giveUp } = this.options;
    const downSince = Date.now();
    while (!this.stopping) {
      if (this.failures >= policy.attempts) {
        report({ event: 'postgres.gave_up', attempts: this.failures });
        giveUp();
        return;
      }
      await this.sleep(Math.min(policy.backoffMs * 2 ** this.failures, policy.backoffMaxMs));
      if (this.stopping) return;
      const attempt = this.failures + 1;
      try {
        const child = await spawn();
        if (this.stopping) {
          await stopPostmaster(child);
          return;
        }
        this.restarted = true;
        this.watch(child);
        report({ event: 'postgres.restarted', attempt, downMs: Date.now() - downSince });
        return;
      } catch (err) {
        this.failures = attempt;
        const retryInMs = attempt >= policy.attempts ? null : Math.min(policy.backoffMs * 2 ** attempt, policy.backoffMaxMs);
        report({ event: 'postgres.restart_failed', attempt, error: (err as Error).message, retryInMs });
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}

/** "Fast" shutdown: disconnects clients, checkpoints, exits. */
export function stopPostmaster(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}

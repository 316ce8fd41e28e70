import { fork, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { isAlive, processTree } from './proc-stats';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

/** Compiles TypeScript on load, as in run-app.js. */
const REGISTER_TS = path.join(REPO_ROOT, 'scripts/register-ts.js');

/** Runs a TypeScript file of bench/ in its own node process. */
export function forkTs(file: string, env: Record<string, string> = {}): ChildProcess {
  return fork(path.resolve(REPO_ROOT, file), [], {
    cwd: REPO_ROOT,
    execArgv: ['-r', REGISTER_TS],
    env: { ...process.env, BENCH_PARENT_PID: String(process.pid), ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
}

/** Same, without an IPC channel (a server); `nodeFlags` go before the script. */
export function spawnTs(file: string, env: Record<string, string> = {}, nodeFlags: readonly string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeFlags, '-r', REGISTER_TS, path.resolve(REPO_ROOT, file)], {
    cwd: REPO_ROOT,
    env: { ...process.env, BENCH_PARENT_PID: String(process.pid), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Keeps the last `max` characters a child printed, for error reports. */
export function captureOutput(child: ChildProcess, max = 200_000): () => string {
  let out = '';
  const add = (d: Buffer) => {
    out += d.toString('utf8');
    if (out.length > max) out = out.slice(-max);
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  return () => out;
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Asks a process to stop (SIGTERM: graceful), waits up to `graceMs`, then kills it. Whatever it
 * had started (e.g. Postgres) and left behind is then stopped by pid, first politely.
 */
export async function stopProcessTree(child: ChildProcess, graceMs = 20_000): Promise<void> {
  if (child.pid === undefined) return;
  const descendants = processTree(child.pid).slice(1).map((s) => s.pid);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const done = await Promise.race([exited(child).then(() => true), sleep(graceMs).then(() => false)]);
    if (!done) {
      child.kill('SIGKILL');
      await exited(child);
    }
  }
  const left = descendants.filter(isAlive);
  for (const pid of left) signal(pid, 'SIGINT'); // Postgres: fast shutdown
  const deadline = Date.now() + 10_000;
  while (left.some(isAlive) && Date.now() < deadline) await sleep(100);
  for (const pid of left.filter(isAlive)) signal(pid, 'SIGKILL');
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `url` until it answers 2xx, the child exits, or the deadline passes. */
export async function waitUntilReady(url: string, child: ChildProcess, output: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`process exited during start:\n${output().slice(-4000)}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready after ${timeoutMs} ms:\n${output().slice(-4000)}`);
    await sleep(200);
  }
}

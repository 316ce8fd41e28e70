import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import { sleep } from './clients';

/** An engine binary a spec runs in the foreground, its files in a temporary directory of its own. */
export interface EngineProcess {
  process: ChildProcess;
  /** Stops it (SIGCONT first, in case a test paused it; then SIGTERM, awaited) and removes its directory. */
  stop(): Promise<void>;
}

/**
 * Starts `command` and waits until `ready()` says it serves (polled every `pollMs`); if it exits
 * first or `timeoutMs` passes, it is stopped and the start fails with `what` and its last output.
 */
export async function startEngineProcess(
  what: string,
  command: string,
  args: string[],
  dir: string,
  ready: () => Promise<boolean>,
  { timeoutMs, pollMs }: { timeoutMs: number; pollMs: number },
): Promise<EngineProcess> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`${what}:\n${output.slice(-4000)}`);
    }
    await sleep(pollMs);
  }
  return { process: child, stop };
}

/**
 * SIGSTOP, resolved once every thread of the process has stopped. kill() only queues the signal:
 * each thread stops as it next runs, which on a loaded box can come after the engine answered a
 * request sent meanwhile, and a spec expecting no answer got one (S3Proxy stored a put in CI).
 * SIGCONT (`child.kill('SIGCONT')`) resumes it.
 */
export async function pauseProcess(child: ChildProcess, timeoutMs = 5_000): Promise<void> {
  if (!child.pid || !child.kill('SIGSTOP')) throw new Error(`could not pause process ${child.pid}`);
  const deadline = Date.now() + timeoutMs;
  while (!(await allThreadsStopped(child.pid))) {
    if (Date.now() > deadline) throw new Error(`process ${child.pid} did not stop within ${timeoutMs} ms`);
    await sleep(5);
  }
}

/** Every thread's state in /proc is T (stopped) or t (traced); one that exits meanwhile counts as stopped. */
async function allThreadsStopped(pid: number): Promise<boolean> {
  const threads = await readdir(`/proc/${pid}/task`);
  const states = await Promise.all(threads.map((tid) => readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8').then((stat) => stat.charAt(stat.lastIndexOf(')') + 2), () => 'T')));
  return states.every((state) => state === 'T' || state === 't');
}

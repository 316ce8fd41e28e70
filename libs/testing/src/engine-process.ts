import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
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

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sleep } from './clients';

export interface ServerProcess {
  url: string;
  /** Signals the whole process group (the server and the Postgres it started). */
  killGroup(signal: NodeJS.Signals): void;
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<number | string>;
}

const ROOT = path.resolve(__dirname, '../../..');

/** Starts an app as a real OS process (`scripts/run-app.js`) and waits until /health/ready says ready. */
export async function startServerProcess(app: string, env: Record<string, string>, readyTimeoutMs = 60_000): Promise<ServerProcess> {
  // Its own process group, so a test can kill the server together with its embedded Postgres.
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/run-app.js'), app], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  // 'close', not 'exit': only then has all of the process's output been read.
  const exited = new Promise<number | string>((resolve) => child.once('close', (code, signal) => resolve(code ?? signal ?? -1)));
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  const url = `http://127.0.0.1:${env.PORT}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${app} exited during start:\n${output.slice(-4000)}`);
    try {
      if ((await fetch(`${url}/health/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      killGroup('SIGKILL'); // with its embedded Postgres, if it started one
      throw new Error(`${app} not ready after ${readyTimeoutMs} ms:\n${output.slice(-4000)}`);
    }
    await sleep(200);
  }
  return { url, child, killGroup, output: () => output, exited };
}

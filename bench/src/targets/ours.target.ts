import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePorts } from '@chat/testing';
import type { Cleanup } from '../runtime/cleanup';
import { wallNow } from '../runtime/clock';
import { readDbSnapshot } from '../runtime/db-stats';
import { readMetricsSnapshot } from '../runtime/server-metrics';
import { inspectorAccess } from '../runtime/live-memory';
import { captureOutput, REPO_ROOT, stopProcessTree, waitUntilReady } from '../runtime/processes';
import { createChannels, OURS_BENCH_ENV, SERVER_NODE_FLAGS, settleServer } from './chat-server';
import type { ProfileExitRecord, RunningTarget, TargetContext } from './target';

export interface OursTarget extends RunningTarget {
  /** Where the embedded Postgres is: history seeding writes to it directly. */
  dataDir: string;
  pgPort: number;
  /** A SQL connection to the server's database (the runner's own, closed at cleanup). */
  sql(): Promise<Client>;
  /** Stops the server (gracefully) and starts it again on the same data dir and ports. */
  restart(): Promise<void>;
}

/** `node scripts/run-app.js all-in-one` on a fresh data dir, loopback only; embedded Postgres on a free port. */
export async function startOurs(cleanup: Cleanup, ctx: TargetContext): Promise<OursTarget> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'chat-bench-'));
  cleanup.add('data dir', () => rm(dataDir, { recursive: true, force: true }));
  const [port, pgPort] = await freePorts(2);
  const inspector = await inspectorAccess(ctx.inspect);
  const env: Record<string, string> = { ...OURS_BENCH_ENV, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), ...ctx.serverEnv };
  const url = `http://127.0.0.1:${port}`;
  const pids: number[] = [];
  let output = () => '';
  let stopServer: () => Promise<void> = async () => undefined;

  const launch = async () => {
    // --cpu-prof is refused in NODE_OPTIONS: pass it on the command line. The profile is written at exit.
    const nodeFlags = [...SERVER_NODE_FLAGS, ...(ctx.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${ctx.cpuProfileDir}`] : []), ...inspector.nodeFlags];
    const child: ChildProcess = spawn(process.execPath, [...nodeFlags, path.join(REPO_ROOT, 'scripts/run-app.js'), 'all-in-one'], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    output = captureOutput(child);
    if (ctx.cpuProfileDir) child.once('exit', () => ctx.onProfiledExit?.({ pid: child.pid!, exitedAt: wallNow() } satisfies ProfileExitRecord));
    stopServer = cleanup.add('all-in-one server', () => stopProcessTree(child, 30_000));
    pids.splice(0, pids.length, child.pid!);
    await waitUntilReady(`${url}/health/ready`, child, output, 180_000);
    ctx.log(`ours: all-in-one ready on ${url} (pid ${child.pid}, data ${dataDir}, postgres :${pgPort})`);
  };

  let stats: Promise<Client> | null = null;
  const sql = () =>
    (stats ??= (async () => {
      const password = (await readFile(path.join(dataDir, 'postgres.password'), 'utf8')).trim();
      const client = new Client({ host: '127.0.0.1', port: pgPort, user: 'postgres', password, database: 'chat', application_name: 'bench' });
      await client.connect();
      client.on('error', () => undefined); // the server stopping Postgres ends it
      const close = cleanup.add('bench SQL connection', () => client.end().catch(() => undefined));
      client.once('end', () => {
        stats = null;
        void close();
      });
      return client;
    })());

  await launch();
  return {
    name: 'ours',
    label: 'ours (all-in-one, embedded Postgres)',
    urls: [url],
    pids,
    needsAccounts: true,
    dataDir,
    pgPort,
    sql,
    restart: async () => {
      const client = stats && (await stats);
      await client?.end().catch(() => undefined);
      stats = null;
      await stopServer();
      await launch();
    },
    createRooms: (count, runId) => createChannels(url, count, runId),
    output: () => output(),
    dbSnapshot: async () => readDbSnapshot(await sql(), 'chat'),
    metricsSnapshot: () => readMetricsSnapshot([url]),
    settle: (maxMs) => settleServer('ours', sql, [url], maxMs, ctx),
    liveMemory: inspector.liveMemory,
    stop: () => stopServer(),
  };
}

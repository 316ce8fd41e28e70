import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePorts } from '@chat/testing';
import type { Cleanup } from '../runtime/cleanup';
import { readDbSnapshot } from '../runtime/db-stats';
import { readMetricsSnapshot } from '../runtime/server-metrics';
import { REPO_ROOT } from '../runtime/processes';
import { createChannels, OURS_BENCH_ENV, settleServer } from './chat-server';
import type { RunningTarget, TargetContext } from './target';

/** The apps scripts/cluster.sh starts, with the variable that sets each one's port. */
const CLUSTER_APPS = [
  ['command', 'CHAT_COMMAND_PORT'],
  ['query', 'CHAT_QUERY_PORT'],
  ['gateway-a', 'CHAT_GATEWAY_A_PORT'],
  ['gateway-b', 'CHAT_GATEWAY_B_PORT'],
  ['search-indexer', 'CHAT_SEARCH_INDEXER_PORT'],
  ['notification', 'CHAT_NOTIFICATION_PORT'],
  ['media', 'CHAT_MEDIA_PORT'],
] as const;

/** Engines and a cold cluster can take minutes the first time (Kafka and Elasticsearch fetched and started). */
const CLUSTER_UP_TIMEOUT_MS = 15 * 60_000;

/**
 * The split deployment (`scripts/cluster.sh up` on ports of its own): command, query, two
 * gateways, search-indexer, notification and media on the real engines of deploy/local. The load
 * spreads sockets over both gateways, so every room has members on each and every delivery
 * crosses the Redis adapter. Server CPU and memory cover the seven app processes; the engines are
 * not sampled. Stopped with `scripts/cluster.sh down`, which also stops the engines it started.
 */
export async function startOursDistributed(cleanup: Cleanup, ctx: TargetContext): Promise<RunningTarget> {
  const clusterDir = await mkdtemp(path.join(tmpdir(), 'chat-bench-cluster-'));
  cleanup.add('cluster dir', () => rm(clusterDir, { recursive: true, force: true }));
  const distinct = await freePorts(CLUSTER_APPS.length);
  const ports = Object.fromEntries(CLUSTER_APPS.map(([name], i) => [name, distinct[i]]));
  const env: Record<string, string> = { ...OURS_BENCH_ENV, ...ctx.serverEnv, CHAT_CLUSTER_DIR: clusterDir };
  for (const [name, variable] of CLUSTER_APPS) env[variable] = String(ports[name]);

  const stop = cleanup.add('distributed cluster', () => cluster('down', env, ctx).catch((err) => ctx.log(`ours-distributed: cluster down failed: ${err}`)));
  ctx.log(`ours-distributed: starting engines and apps (scripts/cluster.sh up, state in ${clusterDir})`);
  await cluster('up', env, ctx);
  const pids = await Promise.all(CLUSTER_APPS.map(async ([name]) => Number((await readFile(path.join(clusterDir, `${name}.pid`), 'utf8')).trim())));
  const urls = [`http://127.0.0.1:${ports['gateway-a']}`, `http://127.0.0.1:${ports['gateway-b']}`];
  ctx.log(`ours-distributed: ready, gateways ${urls.join(' and ')}`);

  const databaseUrl = await engineDatabaseUrl();
  let client: Promise<Client> | null = null;
  const sql = () =>
    (client ??= (async () => {
      const c = new Client({ connectionString: databaseUrl, application_name: 'bench' });
      await c.connect();
      c.on('error', () => undefined);
      cleanup.add('bench SQL connection', () => c.end().catch(() => undefined));
      return c;
    })());

  return {
    name: 'ours-distributed',
    label: 'ours, distributed (2 gateways on Kafka, Redis, Postgres, Elasticsearch)',
    urls,
    pids,
    needsAccounts: true,
    createRooms: (count, runId) => createChannels(urls[0], count, runId),
    output: () => `logs of every app in ${clusterDir}`,
    dbSnapshot: async () => readDbSnapshot(await sql(), new URL(databaseUrl).pathname.slice(1)),
    metricsSnapshot: () => readMetricsSnapshot(urls),
    settle: (maxMs) => settleServer('ours-distributed', sql, urls, maxMs, ctx),
    stop,
  };
}

function cluster(action: 'up' | 'down', env: Record<string, string>, ctx: TargetContext): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [path.join(REPO_ROOT, 'scripts/cluster.sh'), action], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let tail = '';
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      for (const line of text.split('\n').filter(Boolean)) ctx.log(`ours-distributed: ${line}`);
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), CLUSTER_UP_TIMEOUT_MS);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`scripts/cluster.sh ${action} exited with ${code}:\n${tail}`));
    });
  });
}

/** DATABASE_URL of the engines deploy/local/engines.sh runs (the cluster's database). */
async function engineDatabaseUrl(): Promise<string> {
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn('bash', [path.join(REPO_ROOT, 'deploy/local/engines.sh'), 'env'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('error', reject);
    child.once('exit', () => resolve(text));
  });
  const url = /DATABASE_URL=(\S+)/.exec(out)?.[1];
  if (!url) throw new Error('deploy/local/engines.sh env printed no DATABASE_URL');
  return url;
}

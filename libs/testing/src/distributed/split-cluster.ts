import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePorts } from '../free-port';
import { startServerProcess, type ServerProcess } from '../server-process';
import { startAll } from '../start-all';
import { createDatabaseOn, dropDatabase, engineEnv, runId } from './engine-env';
import { partitionedSchema } from './partitioned-schema';

export type SplitApp = 'command' | 'query' | 'gateway-a' | 'gateway-b' | AuxiliaryApp;
export type AuxiliaryApp = 'search-indexer' | 'notification' | 'media';

export interface SplitCluster {
  /** Environment every app of this cluster shares (engines, prefixes, secrets). */
  env: Record<string, string>;
  databaseUrl: string;
  /** The gateways' public URLs, in order (A, B). */
  gateways: string[];
  url(app: SplitApp): string;
  process(app: SplitApp): ServerProcess;
  /** SIGKILL: no drain, no shutdown hooks, exactly like a crashed node. */
  kill(app: SplitApp): Promise<void>;
  /** Starts the app again on the same port and waits until it is ready. */
  restart(app: SplitApp): Promise<void>;
  stop(): Promise<void>;
}

interface Member {
  app: string;
  port: number;
  env: Record<string, string>;
  proc: ServerProcess | null;
}

/**
 * A split deployment as real processes on the engines of deploy/local: command, query and two
 * gateways (A, B) on free ports, on a fresh database (migrated, its messages partitioned by month:
 * partitionedSchema), with a Kafka topic prefix and Redis key prefix of their own, so runs never
 * see each other's events, offsets or keys. `auxiliary` adds the search-indexer, notification and
 * media apps (the whole topology of `npm run cluster:up`).
 */
export async function startSplitCluster(extraEnv: Record<string, string> = {}, options: { auxiliary?: boolean } = {}): Promise<SplitCluster> {
  const engines = engineEnv();
  const databaseUrl = await createDatabaseOn(engines.DATABASE_URL);
  await partitionedSchema(databaseUrl);
  const prefix = runId('run').replace('_', '-');
  const env: Record<string, string> = {
    ...engines,
    DATABASE_URL: databaseUrl,
    KAFKA_TOPIC_PREFIX: prefix,
    REDIS_KEY_PREFIX: prefix,
    // Every app: the search-indexer writes this index and the query app searches it.
    ELASTICSEARCH_INDEX_PREFIX: prefix,
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    JWT_SECRET: 'distributed-test-secret-of-32-characters',
    SERVICE_TOKEN: 'distributed-test-service-token-of-32-characters',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    RATE_LIMIT_MESSAGES_PER_SECOND: '10000',
    RATE_LIMIT_MESSAGE_BURST: '10000',
    RATE_LIMIT_AUTH_PER_MINUTE: '100000',
    // Specs poll a search until Elasticsearch has indexed what they sent.
    RATE_LIMIT_SEARCHES_PER_MINUTE: '100000',
    RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '100000',
    RATE_LIMIT_INVITES_PER_MINUTE: '100000',
    OUTBOX_POLL_INTERVAL_MS: '200',
    SHUTDOWN_GRACE_MS: '3000',
    // As in the one-process specs (TEST_ENV): a default channel every account joined would be in every list the specs count.
    DEFAULT_CHANNELS: '',
    ...extraEnv,
  };
  const members = new Map<SplitApp, Member>();
  const auxiliary: AuxiliaryApp[] = options.auxiliary ? ['search-indexer', 'notification', 'media'] : [];
  const names: SplitApp[] = ['command', 'query', ...auxiliary, 'gateway-a', 'gateway-b'];
  // Two apps given one port would each answer the other's links (a gateway forwarding to the media app).
  const ports = await freePorts(names.length);
  const add = (name: SplitApp, app: string, own: Record<string, string> = {}) => {
    const port = ports[names.indexOf(name)];
    members.set(name, { app, port, env: { ...env, ...own, PORT: String(port), NODE_ID: `${prefix}-${name}` }, proc: null });
  };
  add('command', 'command');
  add('query', 'query');
  const links: Record<string, string> = { COMMAND_URL: `http://127.0.0.1:${members.get('command')!.port}`, QUERY_URL: `http://127.0.0.1:${members.get('query')!.port}` };
  for (const app of auxiliary) add(app, app, { ELASTICSEARCH_INDEX_PREFIX: prefix, ...(app === 'media' ? { MEDIA_DIR: await mkdtemp(path.join(tmpdir(), `${prefix}-media-`)) } : {}) });
  // With the media app, gateways forward /v1/media to it.
  if (members.has('media')) links.MEDIA_URL = `http://127.0.0.1:${members.get('media')!.port}`;
  add('gateway-a', 'gateway', links);
  add('gateway-b', 'gateway', links);

  const start = async (name: SplitApp) => {
    const m = members.get(name)!;
    m.proc = await startServerProcess(m.app, m.env, 90_000);
  };
  const kill = async (name: SplitApp) => {
    const proc = members.get(name)!.proc;
    if (!proc) return;
    proc.killGroup('SIGKILL');
    await proc.exited;
  };
  const stop = async () => {
    await Promise.all([...members.keys()].map(kill));
    await dropDatabase(databaseUrl).catch(() => undefined);
  };
  try {
    // The command app first, as a deployment rolls out; the schema is in place already.
    await start('command');
    // Every start settles before a failure is rethrown: apps still starting when another failed
    // would otherwise come up after stop() and keep the jest run alive.
    await startAll(['query', 'gateway-a', 'gateway-b', ...auxiliary].map((app) => start(app as SplitApp)));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    env,
    databaseUrl,
    gateways: [members.get('gateway-a')!, members.get('gateway-b')!].map((m) => `http://127.0.0.1:${m.port}`),
    url: (name) => `http://127.0.0.1:${members.get(name)!.port}`,
    process: (name) => members.get(name)!.proc!,
    kill,
    restart: start,
    stop,
  };
}

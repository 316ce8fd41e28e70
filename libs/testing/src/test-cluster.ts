import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { startEmbeddedPostgres } from '@chat/persistence';
import { freePort } from './free-port';

export interface TestCluster {
  adminUrl: string;
  stop(): Promise<void>;
}

/** A throwaway Postgres cluster in a temp dir, on a free port. */
export async function startTestCluster(): Promise<TestCluster> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'chat-test-pg-'));
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres', log: () => undefined });
  return {
    adminUrl: pg.url,
    stop: async () => {
      await pg.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A new, empty database on the run's cluster; returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const adminUrl = process.env.CHAT_TEST_PG_ADMIN_URL;
  if (!adminUrl) throw new Error('CHAT_TEST_PG_ADMIN_URL is not set: run integration specs through jest (its global setup starts Postgres)');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

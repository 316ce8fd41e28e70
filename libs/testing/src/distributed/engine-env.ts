import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The engines of deploy/local/engines.sh, as `engines.sh env` exports them. */
export interface EngineEnv {
  DATABASE_URL: string;
  KAFKA_BROKERS: string;
  REDIS_URL: string;
  ELASTICSEARCH_URL: string;
}

export function engineEnv(): EngineEnv {
  const names = ['DATABASE_URL', 'KAFKA_BROKERS', 'REDIS_URL', 'ELASTICSEARCH_URL'] as const;
  const missing = names.filter((n) => !process.env[n]);
  if (missing.length) {
    throw new Error(`${missing.join(', ')} not set: start the engines and export their URLs (bash deploy/local/engines.sh start && eval "$(bash deploy/local/engines.sh env)")`);
  }
  return Object.fromEntries(names.map((n) => [n, process.env[n]!])) as unknown as EngineEnv;
}

/** A name no other run uses: for databases, Kafka topic prefixes, Redis key prefixes. */
export const runId = (prefix = 't') => `${prefix}_${randomBytes(5).toString('hex')}`;

/** A new, empty database on the external Postgres; returns its URL. */
export async function createDatabaseOn(serverUrl: string): Promise<string> {
  const name = runId('t');
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database made by createDatabaseOn, closing what is still connected to it. */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

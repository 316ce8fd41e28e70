import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { OUTBOX_NOTIFY_SETTING } from './outbox/outbox-commits';

export interface DataSourceOptions {
  url: string;
  /** Connections at most (pg's default: 10); see AppConfig.database.pool. */
  poolMax?: number;
  /** Milliseconds an idle connection is kept (pg's default: 10,000; 0 keeps it). */
  poolIdleTimeoutMs?: number;
  applicationName?: string;
  /** Milliseconds to wait for a new connection before failing it (pg's default: forever). */
  connectTimeoutMs?: number;
  /** False on a single node: the pool's sessions set OUTBOX_NOTIFY_SETTING off (see OutboxCommits). */
  notifyOutbox?: boolean;
}

/** A DataSource for the chat schema. Migrations run explicitly at start; never `synchronize`. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: {
      max: options.poolMax ?? 20,
      ...(options.poolIdleTimeoutMs !== undefined && { idleTimeoutMillis: options.poolIdleTimeoutMs }),
      ...(options.connectTimeoutMs !== undefined && { connectionTimeoutMillis: options.connectTimeoutMs }),
      application_name: options.applicationName ?? 'chat',
      ...(options.notifyOutbox === false && { options: `-c ${OUTBOX_NOTIFY_SETTING}=off` }),
    },
  });
}

/**
 * Gives every connection the app checks out of the pool a listener for its `error` event. pg-pool
 * listens on idle connections only, so one held across awaits (a QueryRunner keeping a session
 * advisory lock, a cursor) emitted `error` with nobody listening when Postgres went away (a
 * restart, a failover, a killed backend), and Node ended the whole process on it. Now the loss
 * reaches `onLost`, and the connection's next query fails as any query on a dead connection does.
 */
export function guardHeldConnections(dataSource: DataSource, onLost: (err: Error) => void): void {
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const guarded = new WeakSet<PoolClient>();
  pool.on('acquire', (client) => {
    if (guarded.has(client)) return;
    guarded.add(client);
    client.on('error', onLost);
  });
}

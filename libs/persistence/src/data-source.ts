import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { OUTBOX_NOTIFY_SETTING } from './outbox/outbox-commits';

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  applicationName?: string;
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
      max: options.poolSize ?? 20,
      application_name: options.applicationName ?? 'chat',
      ...(options.notifyOutbox === false && { options: `-c ${OUTBOX_NOTIFY_SETTING}=off` }),
    },
  });
}

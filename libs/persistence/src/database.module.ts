import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, DEAD_LETTER_STORE, HealthRegistry, type AppConfig } from '@chat/platform';
import { createDataSource, guardHeldConnections } from './data-source';
import { DeadLetterRepository } from './dead-letters/dead-letter.repository';
import { MessageBodyCipher } from './message-body/message-body-cipher';
import { MessageKeysCheck } from './message-body/message-keys-check';
import { MessageBodies } from './message-content/message-bodies';
import { MessageContentCheck } from './message-content/message-content-check';
import { MessageContentDeletions } from './message-content/message-content-deletions';
import { MessageContentOffload } from './message-content/message-content-offload';
import { MESSAGE_CONTENT_STORE, type MessageContentStore } from './message-content/message-content-store';
import { loadS3MessageContentStore } from './message-content/s3-message-content-store.loader';
import { MessagePartitionKeeper } from './message-partitions/message-partition-keeper';
import { ReadReplicas } from './read-replicas';
import { outboxCommitsHeardInProcess } from './outbox/outbox-commits';
import { startEmbeddedPostgres, type RunningPostgres } from './embedded/embedded-postgres';
import type { PostmasterEvent } from './embedded/postmaster-supervisor';

/** Where the SQL store is: an external URL, or the embedded cluster this process runs. */
export const DATABASE_URL = Symbol('DATABASE_URL');
const EMBEDDED_POSTGRES = Symbol('EMBEDDED_POSTGRES');

/** Closes the pool, then the embedded cluster, after everything that uses them has stopped. */
@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(EMBEDDED_POSTGRES) private readonly embedded: RunningPostgres | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    if (this.embedded) {
      await this.embedded.stop();
      this.logger.log('embedded Postgres stopped cleanly');
    }
  }
}

/** Split apps start together on one database: one of them migrates while the others wait. */
const MIGRATION_LOCK_KEY = 7_346_002;

async function migrateUnderLock(dataSource: DataSource) {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
  }
}

function reportPostmasterEvent(logger: Logger, event: PostmasterEvent): void {
  switch (event.event) {
    case 'postgres.exited':
      return logger.error(event, 'embedded Postgres exited unexpectedly; restarting it');
    case 'postgres.restart_failed':
      return logger.error(event, 'restarting embedded Postgres failed');
    case 'postgres.restarted':
      return logger.log(event, 'embedded Postgres restarted');
    case 'postgres.gave_up':
      return logger.error(event, 'embedded Postgres could not be restarted; exiting');
  }
}

@Global()
@Module({
  providers: [
    {
      provide: EMBEDDED_POSTGRES,
      inject: [APP_CONFIG, HealthRegistry],
      useFactory: async (config: AppConfig, health: HealthRegistry): Promise<RunningPostgres | null> => {
        if (config.database.url) return null;
        const logger = new Logger('EmbeddedPostgres');
        const embedded = await startEmbeddedPostgres({
          dataDir: config.dataDir,
          port: config.database.embeddedPort,
          database: 'chat',
          log: (line) => logger.log(line),
          supervise: {
            policy: config.database.embeddedRestart,
            report: (event) => reportPostmasterEvent(logger, event),
            // Without its database the process serves nothing: exit, so whatever runs it starts it again.
            giveUp: () => process.exit(1),
          },
        });
        health.register({ name: 'embedded-postgres', check: async () => embedded.assertRunning() });
        return embedded;
      },
    },
    {
      provide: DATABASE_URL,
      inject: [APP_CONFIG, EMBEDDED_POSTGRES],
      useFactory: (config: AppConfig, embedded: RunningPostgres | null) => config.database.url ?? embedded!.url,
    },
    {
      provide: DataSource,
      inject: [DATABASE_URL, HealthRegistry, APP_CONFIG],
      useFactory: async (url: string, health: HealthRegistry, config: AppConfig) => {
        const logger = new Logger('Database');
        const dataSource = createDataSource({
          url,
          poolMax: config.database.pool.max,
          poolIdleTimeoutMs: config.database.pool.idleTimeoutMs,
          notifyOutbox: !outboxCommitsHeardInProcess(config),
        });
        await dataSource.initialize();
        guardHeldConnections(dataSource, (err) => logger.warn({ err }, 'A database connection the app held was lost'));
        const applied = await migrateUnderLock(dataSource);
        logger.log(applied.length ? `applied migrations: ${applied.map((m) => m.name).join(', ')}` : 'schema is up to date');
        health.register({ name: 'postgres', check: async () => void (await dataSource.query('SELECT 1')) });
        return dataSource;
      },
    },
    DatabaseLifecycle,
    ReadReplicas,
    { provide: MessageBodyCipher, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new MessageBodyCipher(config.messageEncryption.keys) },
    {
      // Offloaded message content lives in the media bucket: every process that reads messages may need it.
      provide: MESSAGE_CONTENT_STORE,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<MessageContentStore | null> => (config.media.s3 ? loadS3MessageContentStore(config.media.s3) : null),
    },
    MessageBodies,
    // Every process that reads messages refuses to start without the store once bodies are in it.
    MessageContentCheck,
    MessageContentOffload,
    MessageContentDeletions,
    // Every process that reads messages refuses to start without a key some stored body needs.
    MessageKeysCheck,
    // Every process that writes or reads messages keeps a partitioned table's months ahead.
    MessagePartitionKeeper,
    DeadLetterRepository,
    // Every bus adapter sets the events a consumer group gives up on aside here (ConsumerDelivery).
    { provide: DEAD_LETTER_STORE, useExisting: DeadLetterRepository },
  ],
  exports: [DataSource, DATABASE_URL, ReadReplicas, DeadLetterRepository, DEAD_LETTER_STORE, MessageBodyCipher, MessageBodies],
})
export class DatabaseModule {}

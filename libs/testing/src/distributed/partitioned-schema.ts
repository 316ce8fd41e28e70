import { MessagePartitions, createDataSource } from '@chat/persistence';

/**
 * Migrates a new database and partitions its messages by month (npm run messages:partition), as a
 * large deployment runs: the split deployment's specs then exercise the partitioned table, while
 * the embedded suite keeps the plain one of the default. The split is a second ahead by default,
 * so the specs' messages land in the current month's partition, not the pre-partitioning one; the
 * history benchmark splits months back, before it seeds messages that old.
 */
export async function partitionedSchema(databaseUrl: string, splitAt = new Date(Date.now() + 1_000)): Promise<void> {
  const dataSource = createDataSource({ url: databaseUrl, poolMax: 1, applicationName: 'chat-test-schema' });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    await new MessagePartitions(dataSource).partition({ splitAt, now: new Date(), monthsAhead: 1, lockTimeoutMs: 5_000, attempts: 1 });
  } finally {
    await dataSource.destroy();
  }
}

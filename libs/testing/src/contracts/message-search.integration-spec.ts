import type { DataSource } from 'typeorm';
import { createDataSource } from '@chat/persistence';
import { MESSAGE_SEARCH_CONTRACT, type SearchIndexUnderTest } from '@chat/platform';
import { PostgresMessageSearch } from '@chat/search';
import { createTestDatabase } from '../test-cluster';

/** The embedded mode's search adapter (Postgres full-text) held to the search port's contract. */
describe.each([
  ['waiting for the disk (split, Kafka)', false],
  ['with asynchronous commit (in-process bus)', true],
])('PostgresMessageSearch %s (message search contract)', (_, asyncCommit) => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = createDataSource({ url: await createTestDatabase(), poolMax: 4 });
    await dataSource.initialize();
    await dataSource.runMigrations();
  });
  // Each case makes its own adapter, and an asynchronous-commit adapter holds a pooled connection.
  const adapters: PostgresMessageSearch[] = [];
  afterEach(async () => {
    for (const adapter of adapters.splice(0)) await adapter.onModuleDestroy();
  });
  afterAll(() => dataSource?.destroy());

  const make = async (): Promise<SearchIndexUnderTest> => {
    const index = new PostgresMessageSearch(dataSource, { asyncCommit, statementTimeoutMs: 10_000 });
    adapters.push(index);
    return { index, settle: async () => undefined };
  };
  for (const c of MESSAGE_SEARCH_CONTRACT) it(c.name, () => c.run(make));
});

import type { DataSource } from 'typeorm';
import { createDataSource } from '@chat/persistence';
import { MESSAGE_SEARCH_CONTRACT, type SearchIndexUnderTest } from '@chat/platform';
import { PostgresMessageSearch } from '@chat/search';
import { createTestDatabase } from '../test-cluster';

/** The embedded mode's search adapter (Postgres full-text) held to the search port's contract. */
describe('PostgresMessageSearch (message search contract)', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = createDataSource({ url: await createTestDatabase(), poolSize: 4 });
    await dataSource.initialize();
    await dataSource.runMigrations();
  });
  afterAll(() => dataSource?.destroy());

  const make = async (): Promise<SearchIndexUnderTest> => ({ index: new PostgresMessageSearch(dataSource), settle: async () => undefined });
  for (const c of MESSAGE_SEARCH_CONTRACT) it(c.name, () => c.run(make));
});

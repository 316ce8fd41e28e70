import type { DataSource } from 'typeorm';
import { createDataSource } from '@chat/persistence';
import { createTestDatabase, eventually } from '@chat/testing';

/** DATABASE_POOL_MAX and DATABASE_POOL_IDLE_TIMEOUT_MS, as the data source applies them. */
describe('the database connection pool', () => {
  let url: string;
  const opened: DataSource[] = [];
  const open = async (options: { poolMax: number; poolIdleTimeoutMs?: number }) => {
    const dataSource = createDataSource({ url, applicationName: `pool-spec-${opened.length}`, ...options });
    opened.push(dataSource);
    return dataSource.initialize();
  };
  const backends = async (dataSource: DataSource) => {
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1`, [dataSource.driver.options.extra.application_name]);
    return n as number;
  };

  beforeAll(async () => {
    url = await createTestDatabase();
  });
  afterAll(() => Promise.all(opened.map((d) => d.destroy())));

  it('opens no more connections than its max: more queries at once wait their turn', async () => {
    const dataSource = await open({ poolMax: 2 });
    const started = Date.now();
    const pids: { pid: number }[][] = await Promise.all(Array.from({ length: 6 }, () => dataSource.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.1)')));
    expect(new Set(pids.map(([{ pid }]) => pid)).size).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300); // three rounds of two
    expect(await backends(dataSource)).toBeLessThanOrEqual(2);
  });

  it('closes a connection idle for longer than the idle timeout, and opens one again when needed', async () => {
    const dataSource = await open({ poolMax: 3, poolIdleTimeoutMs: 200 });
    await Promise.all(Array.from({ length: 3 }, () => dataSource.query('SELECT pg_sleep(0.05)')));
    await eventually(async () => expect(await backends(dataSource)).toBe(1), { timeoutMs: 5_000, intervalMs: 50 }); // the counting query's own
    expect(await dataSource.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });

  it('keeps idle connections with an idle timeout of 0', async () => {
    const dataSource = await open({ poolMax: 3, poolIdleTimeoutMs: 0 });
    await Promise.all(Array.from({ length: 3 }, () => dataSource.query('SELECT pg_sleep(0.05)')));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await backends(dataSource)).toBe(3);
  });
});

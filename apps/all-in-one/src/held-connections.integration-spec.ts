import type { DataSource } from 'typeorm';
import { createDataSource, guardHeldConnections } from '@chat/persistence';
import { createTestDatabase, eventually } from '@chat/testing';

/**
 * A connection the app holds out of the pool (a QueryRunner keeping a session advisory lock, as the
 * start-up jobs do) whose backend goes away: Postgres restarting under the embedded supervisor, a
 * failover, a killed backend. Without a listener its `error` event ended the whole process.
 */
describe('connections held out of the pool when Postgres drops them', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = createDataSource({ url: await createTestDatabase(), poolMax: 2 });
    await dataSource.initialize();
  });
  afterAll(() => dataSource?.destroy());

  it('reports the loss instead of crashing, and the holder’s next query fails', async () => {
    const lost: Error[] = [];
    guardHeldConnections(dataSource, (err) => lost.push(err));
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ pid }] = await runner.query('SELECT pg_backend_pid() AS pid');
      await dataSource.query('SELECT pg_terminate_backend($1)', [pid]);
      await eventually(() => expect(lost).toHaveLength(1), { timeoutMs: 5_000, intervalMs: 20 });
      await expect(runner.query('SELECT 1')).rejects.toThrow();
    } finally {
      await runner.release().catch(() => undefined);
    }
    // The pool goes on with a fresh connection.
    expect(await dataSource.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });
});

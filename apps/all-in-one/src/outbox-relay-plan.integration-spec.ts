import { Client } from 'pg';
import { RELAY_PASS_SQL, RELAY_SESSION_SETTINGS, createDataSource } from '@chat/persistence';
import { createTestDatabase } from '@chat/testing';

/**
 * The relay pass is a named prepared statement, so after five runs Postgres keeps a generic plan
 * per connection until an ANALYZE happens to invalidate it, however the outbox grows meanwhile. A
 * plan made on the empty outbox of a fresh start must still find rows by index, or every pass
 * reads the whole retained outbox.
 */
describe('outbox relay pass, planned on an empty outbox', () => {
  let client: Client;

  beforeAll(async () => {
    const url = await createTestDatabase();
    const dataSource = createDataSource({ url, poolMax: 1 });
    await dataSource.initialize();
    try {
      await dataSource.runMigrations();
    } finally {
      await dataSource.destroy();
    }
    client = new Client({ connectionString: url });
    await client.connect();
    for (const setting of RELAY_SESSION_SETTINGS) await client.query(setting);
    // What the sixth run of the named statement gets.
    await client.query('SET plan_cache_mode = force_generic_plan');
    await client.query(`PREPARE relay_pass AS ${RELAY_PASS_SQL}`);
  });
  afterAll(() => client?.end());

  it('has the server probe the relay session, so a vanished relay host lets its shards go within seconds', async () => {
    const { rows } = await client.query(`SELECT name, setting FROM pg_settings WHERE name LIKE 'tcp_keepalives_%' ORDER BY name`);
    expect(rows).toEqual([
      { name: 'tcp_keepalives_count', setting: '3' },
      { name: 'tcp_keepalives_idle', setting: '10' },
      { name: 'tcp_keepalives_interval', setting: '5' },
    ]);
  });

  it('marks published rows through the primary key and fetches through outbox_unpublished', async () => {
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE relay_pass(500, 8, '{0,1,2,3,4,5,6,7}', '{4,5}', '{1,2,3}')`);
    const text = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).not.toMatch(/Seq Scan/);
    expect(text).toMatch(/Update on outbox[\s\S]*Index Scan using "PK_\w+" on outbox/);
    expect(text).toMatch(/Index Scan using outbox_unpublished on outbox/);
  });
});

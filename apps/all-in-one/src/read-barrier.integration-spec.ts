import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DEFAULT_TENANT_ID } from '@chat/contracts';
import { signUp, startTestApp, type TestApp } from '@chat/testing';
import { allInOne } from './definition';

/** The read barrier's wait, which is 2 s when something it waits for never arrives. */
const WAITED_OUT_MS = 1_900;

describe('read barrier (read-after-write for the projected read model)', () => {
  let server: TestApp;
  let db: Client;
  beforeAll(async () => {
    server = await startTestApp(allInOne);
    db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await server.close();
  });

  it('does not wait for an event the read model set aside as a dead letter, but waits for one it has not applied', async () => {
    const alice = await signUp(server.url, 'alice');
    const listTakes = async () => {
      const started = Date.now();
      await alice.api.listConversations();
      return Date.now() - started;
    };
    // Published already (the relay leaves it alone) and never applied by the read-models group.
    const eventId = randomUUID();
    await db.query(
      `INSERT INTO outbox (tenant_id, event_id, event_name, aggregate_type, aggregate_id, payload, published_at) VALUES ($1, $2, 'chat.test.poison.v1', 'conversation', $3, '{}', now())`,
      [DEFAULT_TENANT_ID, eventId, randomUUID()],
    );
    expect(await listTakes()).toBeGreaterThanOrEqual(WAITED_OUT_MS);

    await db.query(
      `INSERT INTO consumer_dead_letters (consumer_group, event_id, tenant_id, event_name, envelope, error, attempts, first_failed_at, last_failed_at)
       VALUES ('read-models', $1, $2, 'chat.test.poison.v1', '{}', 'cannot apply this event', 3, now(), now())`,
      [eventId, DEFAULT_TENANT_ID],
    );
    expect(await listTakes()).toBeLessThan(1_000);

    await db.query(`UPDATE consumer_dead_letters SET replayed_at = now() WHERE event_id = $1`, [eventId]); // replayed: on its way again
    expect(await listTakes()).toBeGreaterThanOrEqual(WAITED_OUT_MS);
  });
});

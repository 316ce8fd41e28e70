import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OutboxRetention } from '@chat/persistence';
import { eventually, signUp, startTestApp, type TestApp } from '@chat/testing';
import { allInOne } from './definition';

/** More than one round of the prune (5,000 rows), so it goes on from where a round stopped. */
const OLD_ROWS = 12_000;

/** OUTBOX_RETENTION_HOURS: published rows are kept that long, then pruned beside the relay. */
describe('outbox retention', () => {
  let server: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    server = await startTestApp(allInOne, { OUTBOX_RETENTION_HOURS: '1' });
    db = server.app.get(DataSource);
  });
  afterAll(() => server?.close());

  /** `count` rows written `occurredHoursAgo` and published `publishedHoursAgo`, as the relay leaves them. */
  const insertRows = (count: number, occurredHoursAgo: number, publishedHoursAgo: number) =>
    db.query(
      `INSERT INTO outbox (tenant_id, event_id, event_name, aggregate_type, aggregate_id, payload, occurred_at, published_at)
       SELECT t.id, gen_random_uuid(), 'chat.spec.retention.v1', 'conversation', gen_random_uuid(), '{}'::jsonb,
              now() - make_interval(secs => $2::float8 * 3600), now() - make_interval(secs => $3::float8 * 3600)
         FROM generate_series(1, $1), (SELECT id FROM tenants ORDER BY created_at LIMIT 1) t`,
      [count, occurredHoursAgo, publishedHoursAgo],
    );
  const rows = async (where: string): Promise<number> => (await db.query(`SELECT count(*)::int AS n FROM outbox WHERE ${where}`))[0].n;

  it('deletes the rows published before the cutoff, in rounds, and keeps the young ones and those published since', async () => {
    await insertRows(OLD_ROWS / 2, 3, 2);
    // Written long ago but published only lately (its relay had been stuck): not past retention yet, and no reason to stop.
    await insertRows(1, 3, 0.25);
    await insertRows(OLD_ROWS / 2, 3, 2);
    // Events of now, published by the relay as the app runs.
    const alice = await signUp(server.url, 'retained');
    const { conversation } = await alice.api.createConversation({ type: 'channel', name: `retention-${randomUUID().slice(0, 8)}` });
    await alice.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'kept' });
    await eventually(async () => expect(await rows(`published_at IS NULL`)).toBe(0));
    const young = await rows(`occurred_at > now() - interval '1 hour'`);
    expect(young).toBeGreaterThan(0);

    const retention = server.app.get(OutboxRetention);
    expect(await retention.prune()).toBe(OLD_ROWS);

    expect(await rows(`occurred_at < now() - interval '1 hour'`)).toBe(1);
    expect(await rows(`occurred_at > now() - interval '1 hour'`)).toBe(young);
    expect(await retention.prune()).toBe(0);
    // Once past retention itself (48 minutes on, its 15 minutes become the hour), the late one goes too, and still none of the young.
    expect(await retention.prune(new Date(Date.now() + 48 * 60_000))).toBe(1);
    expect(await rows(`occurred_at > now() - interval '1 hour'`)).toBe(young);
  }, 60_000);
});

import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { INBOX_RETENTION_DAYS, InboxRetention } from '@chat/conversations';
import { eventually, signUp, startTestApp, type TestApp } from '@chat/testing';
import { allInOne } from './definition';

/** More than one statement's worth (5,000), so the prune goes on until a batch comes back short. */
const OLD_IDS = 12_000;

/** The read model's inbox of applied event ids forgets them after INBOX_RETENTION_DAYS, in batches. */
describe('read model inbox retention', () => {
  let server: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    server = await startTestApp(allInOne);
    db = server.app.get(DataSource);
  });
  afterAll(() => server?.close());

  const ids = async (where: string): Promise<number> => (await db.query(`SELECT count(*)::int AS n FROM rm_inbox WHERE ${where}`))[0].n;

  it('deletes the ids applied before the retention, however many, and keeps the recent ones', async () => {
    const alice = await signUp(server.url, 'inboxed');
    const { conversation } = await alice.api.createConversation({ type: 'channel', name: `inbox-${randomUUID().slice(0, 8)}` });
    await alice.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'applied now' });
    await eventually(async () => expect(await ids('true')).toBeGreaterThan(0));
    const recent = await ids('true');
    await db.query(`INSERT INTO rm_inbox (consumer, event_id, applied_at) SELECT 'read-models', gen_random_uuid(), now() - make_interval(days => $2 + 1) FROM generate_series(1, $1)`, [OLD_IDS, INBOX_RETENTION_DAYS]);

    const retention = server.app.get(InboxRetention);
    expect(await retention.prune()).toBe(OLD_IDS);
    expect(await ids(`applied_at < now() - interval '1 day'`)).toBe(0);
    // Events still being applied may add ids meanwhile; none of the recent ones went.
    expect(await ids('true')).toBeGreaterThanOrEqual(recent);
    expect(await retention.prune()).toBe(0);
  }, 60_000);
});

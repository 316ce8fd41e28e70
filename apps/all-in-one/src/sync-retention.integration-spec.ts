import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ChangeLogRetention } from '@chat/conversations';
import { signUp, startTestApp, type TestApp } from '@chat/testing';
import { allInOne } from './definition';

describe('sync change log retention (SYNC_CHANGES_RETENTION_DAYS)', () => {
  let server: TestApp;
  let db: Client;
  beforeAll(async () => {
    server = await startTestApp(allInOne, { SYNC_CHANGES_RETENTION_DAYS: '2' });
    db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await server.close();
  });

  it('deletes changes past retention and refuses a cursor from before them with 410, while newer cursors and a fresh start still sync', async () => {
    const [alice, bob] = await Promise.all(['alice', 'bob'].map((n) => signUp(server.url, n)));
    const { conversation } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    const say = (body: string) => alice.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body });
    const start = await bob.api.sync();
    await say('old one');
    await say('old two');
    const beforeNew = await bob.api.sync({ since: start.cursor });
    expect(beforeNew.changes.filter((c) => c.type === 'message.created')).toHaveLength(2);
    await db.query(`UPDATE rm_changes SET occurred_at = now() - interval '3 days'`); // everything so far is old
    await say('new one');
    await bob.api.sync(); // projected

    expect(await server.app.get(ChangeLogRetention).prune()).toBeGreaterThan(0);
    expect(await server.app.get(ChangeLogRetention).prune()).toBe(0);

    await expect(bob.api.sync({ since: start.cursor })).rejects.toMatchObject({ status: 410, body: { code: 'SYNC_CURSOR_EXPIRED', hint: expect.stringContaining('without a cursor') } });
    const bodies = (page: Awaited<ReturnType<typeof bob.api.sync>>) => page.changes.flatMap((c) => (c.type === 'message.created' ? [c.message.body] : []));
    expect(bodies(await bob.api.sync({ since: beforeNew.cursor }))).toEqual(['new one']);
    expect(bodies(await bob.api.sync())).toEqual(['new one']);
  });
});

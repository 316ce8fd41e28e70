import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ChangeLogRetention } from '@chat/conversations';
import { ChatApi } from '@chat/sdk';
import { signUp, startTestApp, uniqueName, type TestApp } from '@chat/testing';
import { allInOne } from './definition';

describe('sync change log retention (SYNC_CHANGES_RETENTION_DAYS)', () => {
  const operatorName = uniqueName('operator');
  let server: TestApp;
  let db: Client;
  beforeAll(async () => {
    // Several tenants share the one change log (and its horizon): the default one and those an operator makes.
    server = await startTestApp(allInOne, { SYNC_CHANGES_RETENTION_DAYS: '2', TENANCY_MODE: 'multi', ADMIN_USERNAMES: operatorName });
    db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await server.close();
  });
  /** Everything in the log so far is past retention, and pruned. */
  const ageAndPrune = async () => {
    await db.query(`UPDATE rm_changes SET occurred_at = now() - interval '3 days'`);
    expect(await server.app.get(ChangeLogRetention).prune()).toBeGreaterThan(0);
  };
  /** Two people of their own chatting: changes in the log that are none of the syncing user's business. */
  const othersChat = async () => {
    const [ann, ben] = await Promise.all(['ann', 'ben'].map((n) => signUp(server.url, n)));
    const { conversation } = await ann.api.createConversation({ type: 'direct', memberIds: [ben.id] });
    for (const body of ['one', 'two']) await ann.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body });
    await ann.api.sync(); // projected
  };

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

  it('gives someone with nothing to sync a cursor past what retention pruned, so syncing with it again is no 410 loop', async () => {
    await othersChat();
    await ageAndPrune();
    const loner = await signUp(server.url, 'loner');
    const first = await loner.api.sync();
    expect(first).toMatchObject({ changes: [], hasMore: false });
    await expect(loner.api.sync({ since: first.cursor })).resolves.toMatchObject({ changes: [], hasMore: false });
  });

  it('keeps the cursor of a member whose conversations stay quiet moving with the log, so it does not expire while they sync', async () => {
    const [dora, eric] = await Promise.all(['dora', 'eric'].map((n) => signUp(server.url, n)));
    const { conversation } = await dora.api.createConversation({ type: 'direct', memberIds: [eric.id] });
    const joined = await eric.api.sync();
    expect(joined.changes.map((c) => c.conversationId)).toContain(conversation.id);
    await othersChat();
    const quiet = await eric.api.sync({ since: joined.cursor }); // nothing for eric, but the log moved on
    expect(quiet.changes).toEqual([]);
    await ageAndPrune(); // dora and eric's own changes, and the others' chat, are gone
    await expect(eric.api.sync({ since: quiet.cursor })).resolves.toMatchObject({ changes: [], hasMore: false });
  });

  it('refuses a cursor with 410 when retention prunes after the request began but before the page is read', async () => {
    const [fay, gus] = await Promise.all(['fay', 'gus'].map((n) => signUp(server.url, n)));
    const { conversation } = await fay.api.createConversation({ type: 'direct', memberIds: [gus.id] });
    const before = await gus.api.sync();
    await fay.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'lost to the prune' });
    await fay.api.sync(); // projected
    await db.query(`UPDATE rm_changes SET occurred_at = now() - interval '3 days'`);
    // The prune runs as gus's sync waits on the read barrier (its first query), between the request's start and its page.
    const dataSource = server.app.get(DataSource);
    const query = dataSource.query.bind(dataSource);
    let pruned = false;
    const spy = jest.spyOn(dataSource, 'query').mockImplementation(async (sql: string, parameters?: unknown[]) => {
      if (!pruned && sql.includes('SELECT max(id) AS head FROM outbox')) {
        pruned = true;
        await server.app.get(ChangeLogRetention).prune();
      }
      return query(sql, parameters);
    });
    try {
      await expect(gus.api.sync({ since: before.cursor })).rejects.toMatchObject({ status: 410, body: { code: 'SYNC_CURSOR_EXPIRED' } });
      expect(pruned).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses a cursor ahead of every position the log issued with 410, so the client starts over', async () => {
    const hal = await signUp(server.url, 'hal');
    const ahead = Buffer.from(`p${10 ** 15}`, 'utf8').toString('base64url');
    await expect(hal.api.sync({ since: ahead })).rejects.toMatchObject({ status: 410, body: { code: 'SYNC_CURSOR_EXPIRED', hint: expect.stringContaining('without a cursor') } });
    await expect(hal.api.sync({ since: (await hal.api.sync()).cursor })).resolves.toMatchObject({ hasMore: false });
  });

  it('keeps the cursor of someone in a tenant where nothing happens moving while other tenants fill the log', async () => {
    const operator = new ChatApi({ baseUrl: server.url });
    await operator.register(operatorName, 'Operator', 'password-123');
    const slug = `quiet-${randomUUID().slice(0, 8)}`;
    await operator.createTenant({ slug, name: 'Quiet', admin: { username: 'boss', displayName: 'The Boss', password: 'password-123' } });
    const boss = new ChatApi({ baseUrl: server.url, tenant: slug });
    await boss.login('boss', 'password-123');
    const first = await boss.sync();
    await othersChat(); // in the default tenant
    const quiet = await boss.sync({ since: first.cursor });
    expect(quiet.changes).toEqual([]);
    await ageAndPrune();
    await expect(boss.sync({ since: quiet.cursor })).resolves.toMatchObject({ changes: [], hasMore: false });
  });
});

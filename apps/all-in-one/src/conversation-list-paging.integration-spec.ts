import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { eventually, refusal, signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/** GET /v1/conversations pages (CONVERSATION_LIST_DEFAULT_LIMIT / _MAX_LIMIT): a member of many conversations gets them a bounded page at a time. */
describe('the conversation list, a page at a time', () => {
  let server: TestApp;
  let db: Client;
  let alice: TestUser;
  let ids: string[];

  beforeAll(async () => {
    server = await startTestApp(allInOne, { CONVERSATION_LIST_DEFAULT_LIMIT: '2', CONVERSATION_LIST_MAX_LIMIT: '3' });
    db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
    alice = await signUp(server.url, 'alice');
    ids = [];
    for (let i = 0; i < 5; i++) {
      const { conversation } = await alice.api.createConversation({ type: 'channel', name: `paged-${randomUUID().slice(0, 8)}` });
      await alice.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: `hello ${i}` });
      ids.unshift(conversation.id); // the newest activity first
    }
    await eventually(async () => expect((await alice.api.allConversations()).map((c) => c.id)).toEqual(ids));
  });
  afterAll(async () => {
    await db?.end();
    await server?.close();
  });

  it('answers CONVERSATION_LIST_DEFAULT_LIMIT of the most recent, and a cursor for the next page until the last', async () => {
    const first = await alice.api.listConversations();
    expect(first.conversations.map((c) => c.id)).toEqual(ids.slice(0, 2));
    expect(first.conversations[0]).toMatchObject({ lastMessage: { body: 'hello 4' }, unreadCount: 0 });
    const second = await alice.api.listConversations({ cursor: first.nextCursor! });
    expect(second.conversations.map((c) => c.id)).toEqual(ids.slice(2, 4));
    const last = await alice.api.listConversations({ cursor: second.nextCursor!, limit: 3 });
    expect(last).toMatchObject({ conversations: [{ id: ids[4] }], nextCursor: null });
  });

  it('keeps the order and misses nothing when conversations were last active at the same microsecond', async () => {
    await db.query(`UPDATE rm_conversations SET last_message = jsonb_set(last_message, '{createdAt}', '"2026-12-06T04:00:00.123456Z"') WHERE conversation_id = ANY($1)`, [ids]);
    const byId = [...ids].sort();
    expect((await alice.api.allConversations()).map((c) => c.id)).toEqual(byId);
    const { conversations, nextCursor } = await alice.api.listConversations({ limit: 3 });
    expect(conversations.map((c) => c.id)).toEqual(byId.slice(0, 3));
    expect((await alice.api.listConversations({ cursor: nextCursor!, limit: 3 })).conversations.map((c) => c.id)).toEqual(byId.slice(3));
  });

  it('refuses a page over CONVERSATION_LIST_MAX_LIMIT and a cursor it did not give, with 400', async () => {
    expect(await refusal(alice.api.listConversations({ limit: 4 }))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await refusal(alice.api.listConversations({ limit: 0 }))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const forged = await refusal(alice.api.listConversations({ cursor: 'bm90IGEgY3Vyc29y' }));
    expect(forged).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', body: { details: [{ field: 'cursor', problem: expect.stringContaining('not a cursor this server gave') }] } });
  });
});

import { randomUUID } from 'node:crypto';
import { signUp, startTestApp, type TestApp } from '@chat/testing';
import { allInOne } from './definition';

describe('GET /v1/sync', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp(allInOne, { SYNC_DEFAULT_LIMIT: '2', SYNC_MAX_LIMIT: '50' });
  });
  afterAll(() => server?.close());

  it('pages by SYNC_DEFAULT_LIMIT and refuses a limit above SYNC_MAX_LIMIT with 400', async () => {
    const [alice, bob] = await Promise.all(['alice', 'bob'].map((n) => signUp(server.url, n)));
    const { conversation } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    for (const body of ['one', 'two', 'three']) await alice.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body });
    const firstPage = await bob.api.sync();
    expect([firstPage.changes.length, firstPage.hasMore]).toEqual([2, true]);
    expect((await bob.api.sync({ limit: 50 })).changes.length).toBeGreaterThan(2);
    await expect(bob.api.sync({ limit: 100 })).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });

  it('tells the members of a deleted conversation only that it was deleted, none of what happened there since their cursor', async () => {
    const [alice, bob] = await Promise.all(['alice', 'bob'].map((n) => signUp(server.url, n)));
    const { conversation } = await alice.api.createConversation({ type: 'group', name: `doomed-${randomUUID().slice(0, 8)}`, memberIds: [bob.id] });
    const { cursor } = await bob.api.sync({ limit: 50 });
    const { message } = await alice.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'said before the delete' });
    await alice.api.editMessage(conversation.id, message.id, 'edited before the delete');
    await alice.api.react(conversation.id, message.id, '👍');
    await alice.api.deleteConversation(conversation.id);
    const { changes, hasMore } = await bob.api.sync({ since: cursor, limit: 50 });
    expect(hasMore).toBe(false);
    expect(changes.filter((c) => c.conversationId === conversation.id)).toEqual([{ type: 'conversation.deleted', conversationId: conversation.id }]);
  });
});

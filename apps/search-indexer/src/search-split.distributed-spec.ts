import { randomUUID } from 'node:crypto';
import type { SearchResponse } from '@chat/contracts';
import { eventually, signUp, startSplitCluster, type SplitCluster, type TestUser } from '@chat/testing';

const word = (prefix: string) => `${prefix}${randomUUID().slice(0, 8)}`;
const bodies = (res: SearchResponse) => res.hits.map((h) => h.message.body).sort();

/**
 * GET /v1/search end to end on the split deployment: messages are written through gateway A
 * (command app), the search-indexer app projects their events from Kafka, and a user of gateway
 * B searches (gateway → query app). Once on Elasticsearch, once on Postgres full-text (the same
 * apps without ELASTICSEARCH_URL).
 */
describe.each([
  ['Elasticsearch', {}],
  ['Postgres full-text (no ELASTICSEARCH_URL)', { ELASTICSEARCH_URL: '' }],
])('search on the split deployment, %s', (_, env: Record<string, string>) => {
  let cluster: SplitCluster;
  let alice: TestUser;
  let bob: TestUser;
  let channel: string;
  beforeAll(async () => {
    cluster = await startSplitCluster(env, { auxiliary: true });
    const [a, b] = cluster.gateways;
    [alice, bob] = await Promise.all([signUp(a, 'alice'), signUp(b, 'bob')]);
    channel = (await alice.api.createConversation({ type: 'channel', name: word('split-'), visibility: 'public' })).conversation.id;
  });
  afterAll(() => cluster?.stop());

  it('finds a sent message, then its edit, then nothing once it is deleted; a private channel stays private', async () => {
    const [before, after] = [word('draft'), word('final')];
    const { message } = await alice.api.sendMessage(channel, { clientMessageId: randomUUID(), body: `the ${before} plan` });
    const secret = (await alice.api.createConversation({ type: 'channel', name: word('private-'), visibility: 'private' })).conversation.id;
    await alice.api.sendMessage(secret, { clientMessageId: randomUUID(), body: `the ${before} secret` });

    await eventually(async () => expect(bodies(await alice.api.search({ q: before }))).toEqual([`the ${before} plan`, `the ${before} secret`]), { timeoutMs: 30_000, intervalMs: 300 });
    const { hits } = await bob.api.search({ q: before });
    expect(hits.map((h) => h.message.id)).toEqual([message.id]);
    expect(hits[0].highlight).toBe(`the <mark>${before}</mark> plan`);

    await alice.api.editMessage(channel, message.id, `the ${after} plan`);
    await eventually(async () => expect(bodies(await bob.api.search({ q: after }))).toEqual([`the ${after} plan`]), { timeoutMs: 30_000, intervalMs: 300 });
    expect((await bob.api.search({ q: before })).hits).toEqual([]);

    await alice.api.deleteMessage(channel, message.id);
    expect((await bob.api.search({ q: after })).hits).toEqual([]);
  });

  it('answers 404 through the gateway for a conversation the caller may not see', async () => {
    const hidden = (await alice.api.createConversation({ type: 'channel', name: word('hidden-'), visibility: 'private' })).conversation.id;
    const res = await fetch(`${cluster.gateways[1]}/v1/search?q=anything&conversationId=${hidden}`, { headers: { authorization: `Bearer ${bob.auth.accessToken}` } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('CONVERSATION_NOT_FOUND');
  });
});

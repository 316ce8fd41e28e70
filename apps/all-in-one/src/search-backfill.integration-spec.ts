import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { SearchResponse } from '@chat/contracts';
import { MESSAGE_SEARCH_INDEX, type MessageSearchIndex, type SearchDocument } from '@chat/platform';
import { SearchBackfill } from '@chat/search';
import { eventually, signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const word = (prefix: string) => `${prefix}${randomUUID().slice(0, 8)}`;
const bodies = (res: SearchResponse) => res.hits.map((h) => h.message.body).sort();

/**
 * The search backfill on the embedded platform's Postgres index, made to look new: its rows and its
 * bookkeeping removed, as a new Elasticsearch index has neither (search-backfill.distributed-spec
 * moves a real installation onto Elasticsearch). Pages of two, so the walk crosses pages and
 * conversations.
 */
describe('search backfill', () => {
  let server: TestApp;
  let alice: TestUser;
  let db: DataSource;
  beforeAll(async () => {
    server = await startTestApp(allInOne, { SEARCH_BACKFILL_BATCH_SIZE: '2' });
    alice = await signUp(server.url, 'alice');
    db = server.app.get(DataSource);
  });
  afterAll(() => server?.close());

  /** The index as a new one: no documents, no record of a backfill. */
  async function forgetIndex(): Promise<void> {
    await db.query(`DELETE FROM search_messages`);
    await db.query(`DELETE FROM search_backfills WHERE incarnation = 'postgres'`);
  }

  it('puts the stored messages into an index that has none: edits as edited, deleted ones and deleted conversations unfindable; once per index', async () => {
    const [topic, edited] = [word('history'), word('amended')];
    const channel = (await alice.api.createConversation({ type: 'channel', name: word('old-'), visibility: 'public' })).conversation.id;
    const sent = [];
    for (let i = 0; i < 5; i++) sent.push((await alice.api.sendMessage(channel, { clientMessageId: randomUUID(), body: `${topic} number ${i}` })).message);
    await alice.api.editMessage(channel, sent[1].id, `${edited} number 1`);
    await alice.api.deleteMessage(channel, sent[2].id);
    const dropped = (await alice.api.createConversation({ type: 'channel', name: word('dropped-'), visibility: 'private' })).conversation.id;
    await alice.api.sendMessage(dropped, { clientMessageId: randomUUID(), body: `${topic} in a deleted channel` });
    await alice.api.deleteConversation(dropped);
    // The live projection has had its say before the index is emptied, so what comes back is the backfill's.
    await eventually(async () => expect(bodies(await alice.api.search({ q: edited }))).toEqual([`${edited} number 1`]));
    await forgetIndex();
    expect((await alice.api.search({ q: topic })).hits).toEqual([]);

    await server.app.get(SearchBackfill).run();

    expect(bodies(await alice.api.search({ q: topic }))).toEqual([`${topic} number 0`, `${topic} number 3`, `${topic} number 4`]);
    expect(bodies(await alice.api.search({ q: edited }))).toEqual([`${edited} number 1`]);
    const [deleted] = await db.query(`SELECT deleted, body FROM search_messages WHERE message_id = $1`, [sent[2].id]);
    expect(deleted).toEqual({ deleted: true, body: '' });
    expect(await db.query(`SELECT message_id FROM search_messages WHERE conversation_id = $1`, [dropped])).toEqual([]);
    const [progress] = await db.query(`SELECT indexed, completed_at FROM search_backfills WHERE incarnation = 'postgres'`);
    expect({ indexed: Number(progress.indexed), completed: progress.completed_at !== null }).toEqual({ indexed: 5, completed: true });

    // Filled once: the same index emptied again is not walked again.
    await db.query(`DELETE FROM search_messages`);
    await server.app.get(SearchBackfill).run();
    expect((await alice.api.search({ q: topic })).hits).toEqual([]);
  });

  it('shares the walk between replicas: two at once put each message once', async () => {
    const topic = word('shared');
    const channel = (await alice.api.createConversation({ type: 'channel', name: word('busy-'), visibility: 'public' })).conversation.id;
    for (let i = 0; i < 7; i++) await alice.api.sendMessage(channel, { clientMessageId: randomUUID(), body: `${topic} ${i}` });
    await eventually(async () => expect((await alice.api.search({ q: topic })).hits).toHaveLength(7));
    await forgetIndex();
    const stored: number = (await db.query(`SELECT count(*)::int AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.deleted_at IS NULL`))[0].n;
    const index = server.app.get<MessageSearchIndex>(MESSAGE_SEARCH_INDEX);
    const put = jest.spyOn(index, 'put');
    try {
      const backfill = server.app.get(SearchBackfill);
      await Promise.all([backfill.run(), backfill.run()]);
      const documents = put.mock.calls.flatMap(([batch]: [readonly SearchDocument[]]) => batch.map((d) => d.messageId));
      expect(documents).toHaveLength(stored);
      expect(new Set(documents).size).toBe(stored);
    } finally {
      put.mockRestore();
    }
    expect((await alice.api.search({ q: topic })).hits).toHaveLength(7);
  });
});

import { Client } from '@elastic/elasticsearch';
import { randomUUID } from 'node:crypto';
import type { SearchResponse } from '@chat/contracts';
import { MESSAGE_SEARCH_INDEX, type MessageSearchIndex } from '@chat/platform';
import { ChatApi } from '@chat/sdk';
import { createDatabaseOn, dropDatabase, engineEnv, eventually, runId, signUp, startTestApp, type TestApp } from '@chat/testing';
import { allInOne } from './definition';

const word = (prefix: string) => `${prefix}${randomUUID().slice(0, 8)}`;
const bodies = (res: SearchResponse) => res.hits.map((h) => h.message.body).sort();
/** The same account (same database, same JWT_SECRET) on another app's address. */
const reachedAt = (app: TestApp, accessToken: string) => new ChatApi({ baseUrl: app.url, accessToken });

/**
 * Moving an installation from the embedded mode's Postgres search onto Elasticsearch: history
 * written before the move is found there too, once the search indexer has filled the new index
 * from the stored messages; and an index deleted and made again is filled again.
 */
describe('search backfill onto Elasticsearch', () => {
  const indexPrefix = runId('backfill').replace('_', '-');
  const es = new Client({ node: engineEnv().ELASTICSEARCH_URL });
  let embedded: TestApp | undefined;
  let onElasticsearch: TestApp | undefined;
  let databaseUrl: string | undefined;
  afterAll(async () => {
    await onElasticsearch?.close();
    await embedded?.close();
    if (databaseUrl) await dropDatabase(databaseUrl);
    await es.indices.delete({ index: `${indexPrefix}-messages` }).catch(() => undefined);
    await es.close();
  });

  it('finds the messages stored before the move, edited as edited, deleted ones not; a remade index is filled again', async () => {
    const [topic, edited] = [word('before'), word('amended')];
    // The embedded mode's search (no ELASTICSEARCH_URL), on the engines' Postgres so the move keeps the database.
    databaseUrl = await createDatabaseOn(engineEnv().DATABASE_URL);
    embedded = await startTestApp(allInOne, { DATABASE_URL: databaseUrl });
    const alice = await signUp(embedded.url, 'alice');
    const channel = (await alice.api.createConversation({ type: 'channel', name: word('history-'), visibility: 'public' })).conversation.id;
    const sent = [];
    for (let i = 0; i < 3; i++) sent.push((await alice.api.sendMessage(channel, { clientMessageId: randomUUID(), body: `${topic} number ${i}` })).message);
    await alice.api.editMessage(channel, sent[1].id, `${edited} number 1`);
    await alice.api.deleteMessage(channel, sent[2].id);
    await embedded.close();

    const onElasticsearchEnv = { DATABASE_URL: databaseUrl, ELASTICSEARCH_URL: engineEnv().ELASTICSEARCH_URL, ELASTICSEARCH_INDEX_PREFIX: indexPrefix };
    onElasticsearch = await startTestApp(allInOne, onElasticsearchEnv);
    let api = reachedAt(onElasticsearch, alice.auth.accessToken);
    await eventually(async () => expect(bodies(await api.search({ q: topic }))).toEqual([`${topic} number 0`]), { timeoutMs: 30_000, intervalMs: 300 });
    expect(bodies(await api.search({ q: edited }))).toEqual([`${edited} number 1`]);

    // Deleted by an operator and made again at the next start: another incarnation, filled from the start.
    const first = await onElasticsearch.app.get<MessageSearchIndex>(MESSAGE_SEARCH_INDEX).incarnation();
    await onElasticsearch.close();
    await es.indices.delete({ index: `${indexPrefix}-messages` });
    onElasticsearch = await startTestApp(allInOne, onElasticsearchEnv);
    expect(await onElasticsearch.app.get<MessageSearchIndex>(MESSAGE_SEARCH_INDEX).incarnation()).not.toBe(first);
    api = reachedAt(onElasticsearch, alice.auth.accessToken);
    await eventually(async () => expect(bodies(await api.search({ q: topic }))).toEqual([`${topic} number 0`]), { timeoutMs: 30_000, intervalMs: 300 });
    expect(bodies(await api.search({ q: edited }))).toEqual([`${edited} number 1`]);
  });
});

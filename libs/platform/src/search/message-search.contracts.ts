import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { MessageSearchIndex, MessageSearchQuery, SearchDocument } from './message-search.port';

/** One adapter, ready to use; cases make their own tenants and conversations, so they can share it. */
export interface SearchIndexUnderTest {
  index: MessageSearchIndex;
  /** Makes every write so far visible to search (Elasticsearch: a refresh; Postgres: nothing to do). */
  settle(): Promise<void>;
}

/**
 * The behaviour every MessageSearchIndex adapter must show, as plain cases a spec turns into
 * tests (`for (const c of MESSAGE_SEARCH_CONTRACT) it(c.name, () => c.run(make))`): Postgres
 * full-text in libs/testing's integration specs, Elasticsearch in its distributed specs.
 */
export interface MessageSearchContractCase {
  name: string;
  run(make: () => Promise<SearchIndexUnderTest>): Promise<void>;
}

let clock = Date.parse('2026-01-01T00:00:00Z');

/** A live message document in a fresh conversation of a fresh tenant unless told otherwise. */
export function searchDocument(overrides: Partial<SearchDocument> = {}): SearchDocument {
  clock += 1000;
  return {
    messageId: randomUUID(),
    tenantId: randomUUID(),
    conversationId: randomUUID(),
    senderId: randomUUID(),
    seq: 1,
    version: 1,
    body: 'hello',
    createdAt: new Date(clock).toISOString(),
    deleted: false,
    ...overrides,
  };
}

const ids = async (index: MessageSearchIndex, query: MessageSearchQuery) => (await index.search(query)).map((h) => h.messageId);
const sorted = (values: string[]) => [...values].sort();

export const MESSAGE_SEARCH_CONTRACT: MessageSearchContractCase[] = [
  {
    name: 'finds a message by a word of its body, only in the conversations and the tenant asked for',
    async run(make) {
      const { index, settle } = await make();
      const tenantId = randomUUID();
      const [a, b] = [randomUUID(), randomUUID()];
      const inA = searchDocument({ tenantId, conversationId: a, body: 'the quarterly report is ready' });
      const inB = searchDocument({ tenantId, conversationId: b, body: 'report for the board' });
      const otherTenant = searchDocument({ conversationId: a, body: 'a report of another tenant' });
      await index.put([inA, inB, otherTenant]);
      await settle();
      assert.deepEqual(await ids(index, { tenantId, text: 'report', conversationIds: [a], limit: 10 }), [inA.messageId]);
      assert.deepEqual(sorted(await ids(index, { tenantId, text: 'report', conversationIds: [a, b], limit: 10 })), sorted([inA.messageId, inB.messageId]));
      assert.deepEqual(await ids(index, { tenantId: otherTenant.tenantId, text: 'report', conversationIds: [a], limit: 10 }), [otherTenant.messageId]);
      assert.deepEqual(await ids(index, { tenantId, text: 'report', conversationIds: [], limit: 10 }), []);
      const [hit] = await index.search({ tenantId, text: 'quarterly', conversationIds: [a, b], limit: 10 });
      assert.equal(hit.conversationId, a);
    },
  },
  {
    name: 'needs every word of the query, ignoring case and punctuation; a query without words finds nothing',
    async run(make) {
      const { index, settle } = await make();
      const base = searchDocument();
      const both = { ...base, body: 'Deploy the API today!' };
      const one = searchDocument({ tenantId: base.tenantId, conversationId: base.conversationId, body: 'deploy tomorrow' });
      await index.put([both, one]);
      await settle();
      const query = (text: string) => ids(index, { tenantId: base.tenantId, text, conversationIds: [base.conversationId], limit: 10 });
      assert.deepEqual(await query('DEPLOY api'), [both.messageId]);
      assert.deepEqual(await query('api, today?'), [both.messageId]);
      assert.deepEqual(sorted(await query('deploy')), sorted([both.messageId, one.messageId]));
      assert.deepEqual(await query('deploy yesterday'), []);
      assert.deepEqual(await query('?! …'), []);
    },
  },
  {
    name: 'matches whole words in any script and case, and highlights them as written',
    async run(make) {
      const { index, settle } = await make();
      const russian = searchDocument({ body: 'Привет, МИР' });
      const french = searchDocument({ tenantId: russian.tenantId, conversationId: russian.conversationId, body: 'un Café crème' });
      await index.put([russian, french]);
      await settle();
      const search = (text: string) => index.search({ tenantId: russian.tenantId, text, conversationIds: [russian.conversationId], limit: 10 });
      const query = async (text: string) => (await search(text)).map((h) => h.messageId);
      assert.deepEqual(await query('мир'), [russian.messageId]);
      assert.deepEqual(await query('ПРИВЕТ'), [russian.messageId]);
      assert.deepEqual(await query('CAFÉ'), [french.messageId]);
      assert.deepEqual(await query('caf'), []);
      assert.match((await search('привет'))[0].highlight, /^<mark>Привет<\/mark>, МИР$/);
    },
  },
  {
    name: 'ranks the more relevant message first, with scores in descending order',
    async run(make) {
      const { index, settle } = await make();
      const filler = 'we talked about many other things that day, lunch, the weather, plans for the weekend and the new office';
      const passing = searchDocument({ body: `${filler}, and kafka once` });
      const about = searchDocument({ tenantId: passing.tenantId, conversationId: passing.conversationId, body: 'kafka kafka: the kafka broker is down' });
      await index.put([passing, about]);
      await settle();
      const hits = await index.search({ tenantId: passing.tenantId, text: 'kafka', conversationIds: [passing.conversationId], limit: 10 });
      assert.deepEqual(hits.map((h) => h.messageId), [about.messageId, passing.messageId]);
      assert.ok(hits.every((h) => typeof h.score === 'number' && h.score > 0), `scores ${hits.map((h) => h.score)}`);
      assert.ok(hits[0].score > hits[1].score, `scores ${hits.map((h) => h.score)}`);
    },
  },
  {
    name: 'among equally relevant messages the newest comes first',
    async run(make) {
      const { index, settle } = await make();
      const older = searchDocument({ body: 'standup in five minutes' });
      const newer = searchDocument({ tenantId: older.tenantId, conversationId: older.conversationId, body: 'standup in five minutes' });
      await index.put([older, newer]);
      await settle();
      assert.deepEqual(await ids(index, { tenantId: older.tenantId, text: 'standup', conversationIds: [older.conversationId], limit: 10 }), [newer.messageId, older.messageId]);
    },
  },
  {
    name: 'highlights the matched words in their original case, and escapes the rest of the body',
    async run(make) {
      const { index, settle } = await make();
      const doc = searchDocument({ body: `<b>alert</b> the OnCall team & "ops"` });
      await index.put([doc]);
      await settle();
      const [hit] = await index.search({ tenantId: doc.tenantId, text: 'oncall', conversationIds: [doc.conversationId], limit: 10 });
      assert.ok(hit, 'no hit');
      assert.match(hit.highlight, /<mark>OnCall<\/mark>/);
      assert.match(hit.highlight, /&lt;b&gt;/);
      assert.match(hit.highlight, /&amp;/);
      assert.equal(hit.highlight.replace(/<\/?mark>/g, '').includes('<'), false, hit.highlight);
    },
  },
  {
    name: 'a newer version replaces the document; an older one delivered later changes nothing; a hit names the version it matched',
    async run(make) {
      const { index, settle } = await make();
      const v1 = searchDocument({ body: 'draft alpha' });
      const v2 = { ...v1, version: 2, body: 'final beta' };
      const query = (text: string) => ids(index, { tenantId: v1.tenantId, text, conversationIds: [v1.conversationId], limit: 10 });
      await index.put([v1]);
      await settle();
      assert.deepEqual((await index.search({ tenantId: v1.tenantId, text: 'alpha', conversationIds: [v1.conversationId], limit: 10 })).map((h) => h.version), [1]);
      await index.put([v2]);
      await index.put([v1]);
      await settle();
      assert.deepEqual(await query('alpha'), []);
      assert.deepEqual((await index.search({ tenantId: v1.tenantId, text: 'beta', conversationIds: [v1.conversationId], limit: 10 })).map((h) => [h.messageId, h.version]), [[v1.messageId, 2]]);

      // Several versions of one message in one batch, in either order.
      const w1 = searchDocument({ tenantId: v1.tenantId, conversationId: v1.conversationId, body: 'first gamma' });
      const w2 = { ...w1, version: 2, body: 'second delta' };
      const w3 = { ...w1, version: 3, body: 'third epsilon' };
      await index.put([w3, w1, w2]);
      await settle();
      assert.deepEqual(await query('epsilon'), [w1.messageId]);
      assert.deepEqual([...(await query('gamma')), ...(await query('delta'))], []);
    },
  },
  {
    name: 'a tombstone removes the message for good, even when the sent version is delivered again',
    async run(make) {
      const { index, settle } = await make();
      const sent = searchDocument({ body: 'the secret plan' });
      const tombstone = { ...sent, version: 2, body: '', deleted: true };
      const query = () => ids(index, { tenantId: sent.tenantId, text: 'secret', conversationIds: [sent.conversationId], limit: 10 });
      await index.put([sent]);
      await settle();
      assert.deepEqual(await query(), [sent.messageId]);
      await index.put([tombstone]);
      await index.put([sent]);
      await settle();
      assert.deepEqual(await query(), []);
    },
  },
  {
    name: 'a batch applied twice leaves one document per message',
    async run(make) {
      const { index, settle } = await make();
      const first = searchDocument({ body: 'redelivered words' });
      const second = searchDocument({ tenantId: first.tenantId, conversationId: first.conversationId, body: 'more redelivered words' });
      await index.put([first, second]);
      await index.put([first, second]);
      await settle();
      assert.deepEqual(sorted(await ids(index, { tenantId: first.tenantId, text: 'redelivered', conversationIds: [first.conversationId], limit: 10 })), sorted([first.messageId, second.messageId]));
    },
  },
  {
    name: 'answers at most `limit` hits',
    async run(make) {
      const { index, settle } = await make();
      const base = searchDocument();
      const docs = Array.from({ length: 5 }, (_, i) => searchDocument({ tenantId: base.tenantId, conversationId: base.conversationId, seq: i + 1, body: `zebra number ${i}` }));
      await index.put(docs);
      await settle();
      assert.equal((await index.search({ tenantId: base.tenantId, text: 'zebra', conversationIds: [base.conversationId], limit: 3 })).length, 3);
      assert.equal((await index.search({ tenantId: base.tenantId, text: 'zebra', conversationIds: [base.conversationId], limit: 10 })).length, 5);
    },
  },
  {
    name: 'dropping conversations forgets their messages and no others',
    async run(make) {
      const { index, settle } = await make();
      const gone = searchDocument({ body: 'ephemeral note' });
      const kept = searchDocument({ tenantId: gone.tenantId, body: 'ephemeral but kept' });
      await index.put([gone, kept]);
      await index.dropConversations(gone.tenantId, [gone.conversationId]);
      await settle();
      assert.deepEqual(await ids(index, { tenantId: gone.tenantId, text: 'ephemeral', conversationIds: [gone.conversationId, kept.conversationId], limit: 10 }), [kept.messageId]);
    },
  },
];

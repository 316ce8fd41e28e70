import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ChatApiError } from '@chat/sdk';
import { eventually, signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const word = (prefix: string) => `${prefix}${randomUUID().slice(0, 8)}`;

async function problem(run: Promise<unknown>): Promise<{ status: number; code: string; fields: string[] }> {
  const err = await run.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ChatApiError)) throw new Error(`expected an API error, got ${String(err)}`);
  return { status: err.status, code: err.code, fields: (err.body.details ?? []).map((d) => d.field) };
}

/** GET /v1/search input checks in the contract's error shape, and every search limit taken from the configuration. */
describe('search: validation and limits', () => {
  describe('with the default limits', () => {
    let server: TestApp;
    let user: TestUser;
    beforeAll(async () => {
      server = await startTestApp(allInOne);
      user = await signUp(server.url);
    });
    afterAll(() => server?.close());

    it.each<[string, string, string]>([
      ['no q', '', 'q'],
      ['a q of only spaces', '?q=%20%20%20', 'q'],
      ['a q longer than 200 characters', `?q=${'a'.repeat(201)}`, 'q'],
      ['q twice', '?q=a&q=b', 'q'],
      ['limit 0', '?q=a&limit=0', 'limit'],
      ['limit above 100', '?q=a&limit=101', 'limit'],
      ['limit not a number', '?q=a&limit=ten', 'limit'],
      ['a conversationId that is not a UUID', '?q=a&conversationId=general', 'conversationId'],
      ['an unknown parameter', '?q=a&sort=new', 'sort'],
    ])('answers 400 VALIDATION_FAILED naming the field for %s', async (_, query, field) => {
      const res = await fetch(`${server.url}/v1/search${query}`, { headers: { authorization: `Bearer ${user.auth.accessToken}` } });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; details: { field: string }[]; requestId: string; hint: string } };
      expect(body.error).toMatchObject({ code: 'VALIDATION_FAILED', requestId: expect.any(String) });
      expect(body.error.details.map((d) => d.field)).toContain(field);
    });

    it('accepts a query of exactly 200 characters, trimmed', async () => {
      await expect(user.api.search({ q: `  ${'é'.repeat(200)}  ` })).resolves.toEqual({ hits: [] });
    });

    it('answers 401 without a token', async () => {
      const res = await fetch(`${server.url}/v1/search?q=hello`);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    });

    it('is in the OpenAPI document with its parameters', async () => {
      const doc = (await (await fetch(`${server.url}/docs-json`)).json()) as { paths: Record<string, { get?: { parameters: { name: string; required?: boolean }[] } }> };
      const params = doc.paths['/v1/search']?.get?.parameters ?? [];
      expect(params.map((p) => p.name).sort()).toEqual(['conversationId', 'limit', 'q']);
      expect(params.find((p) => p.name === 'q')?.required).toBe(true);
    });
  });

  describe('with limits set by the environment', () => {
    let server: TestApp;
    let user: TestUser;
    beforeAll(async () => {
      server = await startTestApp(allInOne, { SEARCH_QUERY_MAX_CHARS: '12', SEARCH_DEFAULT_LIMIT: '2', SEARCH_MAX_LIMIT: '3', SEARCH_MAX_CONVERSATIONS: '2' });
      user = await signUp(server.url);
    });
    afterAll(() => server?.close());

    it('enforces SEARCH_QUERY_MAX_CHARS and SEARCH_MAX_LIMIT', async () => {
      expect(await problem(user.api.search({ q: 'a'.repeat(13) }))).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['q'] });
      expect(await problem(user.api.search({ q: 'a', limit: 4 }))).toEqual({ status: 400, code: 'VALIDATION_FAILED', fields: ['limit'] });
      await expect(user.api.search({ q: 'a'.repeat(12), limit: 3 })).resolves.toEqual({ hits: [] });
    });

    it('answers SEARCH_DEFAULT_LIMIT hits unless asked for more, and never more than SEARCH_MAX_LIMIT', async () => {
      const { conversation } = await user.api.createConversation({ type: 'channel', name: word('many-') });
      const term = word('t');
      for (let i = 0; i < 5; i++) await user.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: `${term} number ${i}` });
      await eventually(async () => expect((await user.api.search({ q: term, conversationId: conversation.id, limit: 3 })).hits).toHaveLength(3));
      expect((await user.api.search({ q: term })).hits).toHaveLength(2);
    });

    it('looks into at most SEARCH_MAX_CONVERSATIONS conversations: mine first, most recently active first', async () => {
      const term = word('w');
      const names = ['oldest', 'middle', 'newest'].map((n) => word(`${n}-`));
      const ids: string[] = [];
      for (const name of names) {
        const { conversation } = await user.api.createConversation({ type: 'channel', name, visibility: 'private' });
        await user.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: `${term} in ${name}` });
        ids.push(conversation.id);
      }
      // Someone else's public channel, newer still: mine come first.
      const stranger = await signUp(server.url);
      const { conversation: theirs } = await stranger.api.createConversation({ type: 'channel', name: word('public-'), visibility: 'public' });
      await stranger.api.sendMessage(theirs.id, { clientMessageId: randomUUID(), body: `${term} in public` });
      // The index follows the outbox in order: once the last message is found, all four are in.
      // A conversation outside the cap is still searchable on its own.
      await eventually(async () => expect((await user.api.search({ q: term, conversationId: theirs.id })).hits).toHaveLength(1));
      const { hits } = await user.api.search({ q: term, limit: 3 });
      expect(hits.map((h) => h.conversation.id).sort()).toEqual([ids[1], ids[2]].sort());
      expect((await user.api.search({ q: term, conversationId: ids[0] })).hits).toHaveLength(1);
    });
  });

  describe('with SEARCH_STATEMENT_TIMEOUT_MS', () => {
    /** Index rows matching the search: ranking them all takes far longer than a millisecond. */
    const MATCHES = 20_000;
    let server: TestApp;
    let user: TestUser;
    let term: string;
    let messageId: string;
    beforeAll(async () => {
      server = await startTestApp(allInOne);
      user = await signUp(server.url);
      const { conversation } = await user.api.createConversation({ type: 'channel', name: word('busy-') });
      term = word('common');
      messageId = (await user.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: term })).message.id;
      await eventually(async () => expect((await user.api.search({ q: term })).hits).toHaveLength(1));
      // A busy installation's index, written straight into it: the rows have no message, so no hit
      // shows them, but the search ranks them all. Longer bodies, so the real message ranks first.
      await server.app.get(DataSource).query(
        `INSERT INTO search_messages (message_id, tenant_id, conversation_id, sender_id, seq, version, created_at, deleted, body, document)
         SELECT gen_random_uuid(), c.tenant_id, c.id, $2, 1000 + g, 1, now(), false, b.body, to_tsvector('simple', b.body)
           FROM conversations c, generate_series(1, $3::int) g, LATERAL (SELECT $4 || ' and other filler words ' || g) AS b(body)
          WHERE c.id = $1`,
        [conversation.id, user.id, MATCHES, term],
      );
    });
    afterAll(() => server?.close());

    it('answers a search of every match with the default bound', async () => {
      const { hits } = await user.api.search({ q: term, limit: 1 });
      expect(hits.map((h) => h.message.id)).toEqual([messageId]);
    });

    it('stops a search that runs past it and answers 503 SERVICE_UNAVAILABLE in the contract’s error shape', async () => {
      await server.close();
      server = await startTestApp(allInOne, { DATABASE_URL: server.databaseUrl, SEARCH_STATEMENT_TIMEOUT_MS: '1' });
      const res = await fetch(`${server.url}/v1/search?q=${term}&limit=1`, { headers: { authorization: `Bearer ${user.auth.accessToken}` } });
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { code: string; message: string; hint: string; requestId: string } };
      expect(body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: 'This search took too long and was stopped', hint: expect.stringMatching(/rarer words/), requestId: expect.any(String) });
    });
  });
});

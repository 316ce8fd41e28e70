import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { ConversationResponse, CreateConversationRequest } from '@chat/contracts';
import { ChatApi } from '@chat/sdk';
import { signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/** `POST /v1/conversations` with a `clientRequestId`: a lost answer can be asked for again without a second conversation. */
describe('creating a conversation with a clientRequestId', () => {
  let server: TestApp;
  let db: Client;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;

  beforeAll(async () => {
    server = await startTestApp(allInOne, { RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '1000' });
    [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((n) => signUp(server.url, n)));
    db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await server?.close();
  });

  const create = (body: CreateConversationRequest, by = alice) => by.api.request<ConversationResponse>('POST', '/v1/conversations', body);
  const rowsWith = async (clientRequestId: string) => (await db.query(`SELECT id FROM conversations WHERE client_request_id = $1`, [clientRequestId])).rows.map((r) => r.id as string);

  it('answers a retry with the conversation the first request created (200, same body), never a second one', async () => {
    // Any 1-100 characters, as a clientMessageId: not only UUIDs.
    const clientRequestId = `create team ✓ ${randomUUID()}`;
    const body: CreateConversationRequest = { type: 'group', name: ' Team ', memberIds: [bob.id], clientRequestId };
    const first = await create(body);
    expect(first.status).toBe(201);
    const again = await create({ ...body, name: 'Team' });
    expect(again.status).toBe(200);
    expect(again.data).toEqual(first.data);
    expect(await rowsWith(clientRequestId)).toEqual([first.data.conversation.id]);
    // The id is the creator's own: someone else may use the same one for a conversation of theirs.
    const bobs = await create({ type: 'group', memberIds: [alice.id], clientRequestId }, bob);
    expect(bobs.status).toBe(201);
    expect(bobs.data.conversation.id).not.toBe(first.data.conversation.id);
    // Without a clientRequestId every request is a new conversation, as before.
    const plain = await Promise.all([create({ type: 'group', memberIds: [bob.id] }), create({ type: 'group', memberIds: [bob.id] })]);
    expect(new Set(plain.map((r) => r.data.conversation.id)).size).toBe(2);
  });

  it('lets an SDK client with a retry policy resend a create whose answer was lost, and get one conversation', async () => {
    let lost = 0;
    // The server gets every request and answers it; the first answer never reaches the client.
    const losing: typeof fetch = async (url, init) => {
      const res = await fetch(url, init);
      if (lost++ === 0) throw new TypeError('fetch failed (answer lost)');
      return res;
    };
    const client = new ChatApi({ baseUrl: server.url, accessToken: alice.auth.accessToken, fetch: losing, retry: { retries: 2, baseDelayMs: 10, maxDelayMs: 50 } });
    const clientRequestId = randomUUID();
    const { conversation } = await client.createConversation({ type: 'group', name: 'Lost answer', memberIds: [carol.id], clientRequestId });
    expect(lost).toBe(2);
    expect(await rowsWith(clientRequestId)).toEqual([conversation.id]);
    // Without one, a create is not resent: the lost answer is the caller's error, not a silent second conversation.
    lost = 0;
    await expect(client.createConversation({ type: 'group', name: 'Lost answer', memberIds: [carol.id] })).rejects.toThrow('answer lost');
    expect(lost).toBe(1);
  });

  it('makes one conversation of racing creates with the same clientRequestId', async () => {
    const clientRequestId = randomUUID();
    const name = `race-${clientRequestId.slice(0, 8)}`;
    const answers = await Promise.all(Array.from({ length: 8 }, () => create({ type: 'channel', name, clientRequestId })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.data.conversation.id)).size).toBe(1);
    expect(await rowsWith(clientRequestId)).toEqual([answers[0].data.conversation.id]);
    const groupId = randomUUID();
    const groups = await Promise.all(Array.from({ length: 6 }, () => create({ type: 'group', memberIds: [bob.id, carol.id], clientRequestId: groupId })));
    expect(new Set(groups.map((a) => a.data.conversation.id)).size).toBe(1);
    expect(await rowsWith(groupId)).toHaveLength(1);
    const members = await db.query(`SELECT count(*)::int AS n FROM conversation_members WHERE conversation_id = $1`, [groups[0].data.conversation.id]);
    expect(members.rows[0].n).toBe(3);
  });

  it('refuses a retry whose fields differ from what the clientRequestId created (409 CLIENT_REQUEST_ID_REUSED)', async () => {
    const clientRequestId = randomUUID();
    const first = await create({ type: 'group', name: 'Original', memberIds: [bob.id], clientRequestId });
    for (const changed of [
      { type: 'group', name: 'Renamed', memberIds: [bob.id] },
      { type: 'group', name: 'Original', memberIds: [bob.id, carol.id] },
      { type: 'group', name: 'Original', description: 'new', memberIds: [bob.id] },
      { type: 'channel', name: 'Original' },
    ] as CreateConversationRequest[]) {
      await expect(create({ ...changed, clientRequestId })).rejects.toMatchObject({
        status: 409,
        body: { code: 'CLIENT_REQUEST_ID_REUSED', message: expect.stringContaining(first.data.conversation.id), requestId: expect.any(String) },
      });
    }
    await expect(create({ type: 'group', name: 'Renamed', memberIds: [bob.id], clientRequestId })).rejects.toMatchObject({ body: { message: expect.stringContaining('name') } });
    expect(await rowsWith(clientRequestId)).toEqual([first.data.conversation.id]);
  });

  it('compares a retry with what the first request asked for, not with the conversation as it is now', async () => {
    const clientRequestId = randomUUID();
    const body: CreateConversationRequest = { type: 'group', name: 'Founders', description: 'planning', memberIds: [bob.id, carol.id], clientRequestId };
    const first = await create(body);
    const { id } = first.data.conversation;
    // Since then a founding member left and the group was renamed: the same request sent again is still a retry.
    await carol.api.leave(id);
    await alice.api.updateConversation(id, { name: 'Renamed since', description: 'other' });
    const again = await create(body);
    expect(again.status).toBe(200);
    expect(again.data.conversation.id).toBe(id);
    // A request that differs from the first one is refused, even where it matches the conversation now.
    for (const [changed, field] of [
      [{ memberIds: [bob.id] }, 'memberIds'],
      [{ name: 'Renamed since', description: 'other' }, 'name, description'],
    ] as [Partial<CreateConversationRequest>, string][]) {
      await expect(create({ ...body, ...changed })).rejects.toMatchObject({ status: 409, body: { code: 'CLIENT_REQUEST_ID_REUSED', message: expect.stringContaining(`a different ${field}`) } });
    }
    expect(await rowsWith(clientRequestId)).toEqual([id]);
  });

  it('compares a retry of a create stored without its request (made before migration 1801352790000) with the conversation as it is now', async () => {
    const clientRequestId = randomUUID();
    const body: CreateConversationRequest = { type: 'group', name: 'Older', memberIds: [bob.id, carol.id], clientRequestId };
    const first = await create(body);
    const { id } = first.data.conversation;
    await db.query(`UPDATE conversations SET client_request = NULL WHERE id = $1`, [id]);
    expect((await create(body)).data.conversation.id).toBe(id);
    await expect(create({ ...body, name: 'Other' })).rejects.toMatchObject({ status: 409, body: { code: 'CLIENT_REQUEST_ID_REUSED', message: expect.stringContaining('a different name') } });
    await carol.api.leave(id);
    await expect(create(body)).rejects.toMatchObject({ status: 409, body: { message: expect.stringContaining('a different memberIds') } });
  });

  it('answers a retry after the conversation was deleted with 404, not a new one', async () => {
    const clientRequestId = randomUUID();
    const first = await create({ type: 'group', memberIds: [bob.id], clientRequestId });
    await alice.api.deleteConversation(first.data.conversation.id);
    await expect(create({ type: 'group', memberIds: [bob.id], clientRequestId })).rejects.toMatchObject({ status: 404, body: { code: 'CONVERSATION_NOT_FOUND' } });
    expect(await rowsWith(clientRequestId)).toEqual([first.data.conversation.id]);
  });

  it('settles races with a valid unique index, built by the migration', async () => {
    const { rows } = await db.query(
      `SELECT i.indisunique AS unique, i.indisvalid AS valid, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = 'conversations_client_request'`,
    );
    expect(rows).toEqual([{ unique: true, valid: true, def: expect.stringContaining('(created_by, client_request_id) WHERE (client_request_id IS NOT NULL)') }]);
  });

  it('keeps a direct conversation unique per pair, with or without a clientRequestId', async () => {
    const dave = await signUp(server.url, 'dave');
    const first = await create({ type: 'direct', memberIds: [dave.id], clientRequestId: randomUUID() });
    expect(first.status).toBe(201);
    const other = await create({ type: 'direct', memberIds: [dave.id], clientRequestId: randomUUID() });
    expect(other.status).toBe(200);
    expect(other.data.conversation.id).toBe(first.data.conversation.id);
    const theirs = await create({ type: 'direct', memberIds: [alice.id] }, dave);
    expect(theirs.data.conversation.id).toBe(first.data.conversation.id);
  });

  it.each([
    ['that is empty', '', 'clientRequestId must be longer than or equal to 1 characters'],
    ['that is too long', 'x'.repeat(101), 'clientRequestId must be shorter than or equal to 100 characters'],
    ['that is not a string', 42, 'clientRequestId must be a string'],
    ['with a NUL character', 'a\u0000b', 'clientRequestId must be well-formed Unicode text without NUL characters'],
  ])('refuses a clientRequestId %s (400 naming the field)', async (_what, clientRequestId, problem) => {
    const before = Number((await db.query(`SELECT count(*) FROM conversations WHERE created_by = $1`, [alice.id])).rows[0].count);
    await expect(create({ type: 'group', memberIds: [bob.id], clientRequestId } as unknown as CreateConversationRequest)).rejects.toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', message: expect.stringContaining(problem) },
    });
    expect(Number((await db.query(`SELECT count(*) FROM conversations WHERE created_by = $1`, [alice.id])).rows[0].count)).toBe(before);
  });
});

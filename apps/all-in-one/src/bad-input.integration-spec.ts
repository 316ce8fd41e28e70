import { randomUUID } from 'node:crypto';
import { ChatApi } from '@chat/sdk';
import { connect, retryAfterUpTo, signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/** Every endpoint answers bad input with a 4xx in the contract's error shape: never a 5xx, never a hang. */
describe('bad input', () => {
  let server: TestApp;
  let user: TestUser;
  let conversationId: string;
  beforeAll(async () => {
    server = await startTestApp(allInOne, { MESSAGE_BODY_MAX_CHARS: '50', HTTP_BODY_LIMIT_BYTES: '4096', CONVERSATION_NAME_MAX_CHARS: '20', DESCRIPTION_MAX_CHARS: '30', DISPLAY_NAME_MAX_CHARS: '20', USERNAME_MAX_CHARS: '12', PUBLIC_LIST_MAX_LIMIT: '5', MESSAGE_ATTACHMENTS_MAX: '1' });
    user = await signUp(server.url, 'u');
    conversationId = (await user.api.createConversation({ type: 'channel', name: 'bad-input' })).conversation.id;
  });
  afterAll(() => server.close());

  async function raw(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${server.url}${path}`, {
      method,
      body,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${user.auth.accessToken}`, ...headers },
    });
    return { status: res.status, body: await res.json().catch(() => null), retryAfter: res.headers.get('retry-after') };
  }

  const json = (v: unknown) => JSON.stringify(v);
  const msgs = () => `/v1/conversations/${conversationId}/messages`;
  const cases: [string, string, () => string, string | (() => string) | undefined, number, string][] = [
    ['malformed JSON', 'POST', () => '/v1/auth/register', '{"username": ', 400, 'MALFORMED_JSON'],
    ['a JSON array body', 'POST', () => '/v1/auth/login', '[1,2]', 400, 'VALIDATION_FAILED'],
    ['missing fields', 'POST', () => '/v1/auth/register', json({}), 400, 'VALIDATION_FAILED'],
    ['wrong types', 'POST', () => '/v1/auth/register', json({ username: 5, displayName: [], password: {} }), 400, 'VALIDATION_FAILED'],
    ['unknown fields', 'POST', () => '/v1/auth/login', json({ username: 'a', password: 'b', admin: true }), 400, 'VALIDATION_FAILED'],
    ['a username with spaces', 'POST', () => '/v1/auth/register', json({ username: 'a b', displayName: 'x', password: 'password-1' }), 400, 'VALIDATION_FAILED'],
    ['a too long username', 'POST', () => '/v1/auth/guest', json({ username: 'abcdefghijklmnop' }), 400, 'VALIDATION_FAILED'],
    ['a too short password', 'POST', () => '/v1/auth/register', json({ username: 'shorty', displayName: 'x', password: 'a' }), 400, 'VALIDATION_FAILED'],
    ['a too long display name', 'POST', () => '/v1/auth/register', json({ username: 'longname', displayName: 'x'.repeat(21), password: 'password-1' }), 400, 'VALIDATION_FAILED'],
    ['an unknown refresh token', 'POST', () => '/v1/auth/refresh', json({ refreshToken: 'nope' }), 401, 'TOKEN_REVOKED'],
    ['an unknown conversation type', 'POST', () => '/v1/conversations', json({ type: 'forum' }), 400, 'VALIDATION_FAILED'],
    ['a channel without a name', 'POST', () => '/v1/conversations', json({ type: 'channel' }), 400, 'VALIDATION_FAILED'],
    ['a too long channel name', 'POST', () => '/v1/conversations', json({ type: 'channel', name: 'n'.repeat(21) }), 400, 'VALIDATION_FAILED'],
    ['a too long description', 'POST', () => '/v1/conversations', json({ type: 'channel', name: 'desc', description: 'd'.repeat(31) }), 400, 'VALIDATION_FAILED'],
    ['member ids that are not uuids', 'POST', () => '/v1/conversations', json({ type: 'group', memberIds: ['x'] }), 400, 'VALIDATION_FAILED'],
    ['members that do not exist', 'POST', () => '/v1/conversations', json({ type: 'direct', memberIds: [randomUUID()] }), 404, 'USER_NOT_FOUND'],
    ['a direct with myself', 'POST', () => '/v1/conversations', () => json({ type: 'direct', memberIds: [user.id] }), 400, 'VALIDATION_FAILED'],
    ['a bad visibility', 'POST', () => '/v1/conversations', json({ type: 'channel', name: 'vis', visibility: 'hidden' }), 400, 'VALIDATION_FAILED'],
    ['a non-uuid conversation id', 'GET', () => '/v1/conversations/not-a-uuid', undefined, 400, 'VALIDATION_FAILED'],
    ['an unknown conversation', 'GET', () => `/v1/conversations/${randomUUID()}`, undefined, 404, 'CONVERSATION_NOT_FOUND'],
    ['a public list limit over the maximum', 'GET', () => '/v1/conversations/public?limit=6', undefined, 400, 'VALIDATION_FAILED'],
    ['a non-numeric limit', 'GET', () => '/v1/conversations/public?limit=lots', undefined, 400, 'VALIDATION_FAILED'],
    ['a bad role', 'PATCH', () => `/v1/conversations/${conversationId}/members/${user.id}`, json({ role: 'king' }), 400, 'VALIDATION_FAILED'],
    ['an invite without a user id', 'POST', () => `/v1/conversations/${conversationId}/members`, json({}), 400, 'VALIDATION_FAILED'],
    ['an empty rename', 'PATCH', () => `/v1/conversations/${conversationId}`, json({ name: '' }), 400, 'VALIDATION_FAILED'],
    ['a message without clientMessageId', 'POST', msgs, json({ body: 'x' }), 400, 'VALIDATION_FAILED'],
    ['an empty message', 'POST', msgs, json({ clientMessageId: 'e', body: '   ' }), 400, 'VALIDATION_FAILED'],
    ['a message over the body limit', 'POST', msgs, json({ clientMessageId: 'long', body: 'x'.repeat(51) }), 400, 'VALIDATION_FAILED'],
    ['a message with a NUL character', 'POST', msgs, json({ clientMessageId: 'nul', body: 'a\u0000b' }), 400, 'VALIDATION_FAILED'],
    ['a message with a lone surrogate', 'POST', msgs, '{"clientMessageId":"sur","body":"a\\ud800b"}', 400, 'VALIDATION_FAILED'],
    ['a message body that is not a string', 'POST', msgs, json({ clientMessageId: 'num', body: 42 }), 400, 'VALIDATION_FAILED'],
    ['malformed attachments', 'POST', msgs, json({ clientMessageId: 'att', body: 'x', attachments: [{ name: 'a' }] }), 400, 'VALIDATION_FAILED'],
    ['too many attachments', 'POST', msgs, json({ clientMessageId: 'att2', body: 'x', attachments: [1, 2].map((i) => ({ name: `f${i}`, contentType: 'image/png', size: 1 })) }), 400, 'VALIDATION_FAILED'],
    ['a history limit of 501', 'GET', () => `${msgs()}?limit=501`, undefined, 400, 'VALIDATION_FAILED'],
    ['two history anchors', 'GET', () => `${msgs()}?before=5&after=1`, undefined, 400, 'VALIDATION_FAILED'],
    ['a negative anchor', 'GET', () => `${msgs()}?before=-1`, undefined, 400, 'VALIDATION_FAILED'],
    ['a history anchor past a safe integer', 'GET', () => `${msgs()}?before=1e20`, undefined, 400, 'VALIDATION_FAILED'],
    ['a delivered seq past a safe integer', 'POST', () => `/v1/conversations/${conversationId}/delivered`, json({ seq: 1e20 }), 400, 'VALIDATION_FAILED'],
    ['a read seq past a safe integer', 'POST', () => `/v1/conversations/${conversationId}/read`, json({ seq: 1e20 }), 400, 'VALIDATION_FAILED'],
    // What passed validation but the database refuses (a NUL in text, a number past bigint) is the request's fault too.
    ['a login name with a NUL character', 'POST', () => '/v1/auth/login', json({ username: 'a\u0000b', password: 'password-1' }), 400, 'VALIDATION_FAILED'],
    ['a public channel search with a NUL character', 'GET', () => '/v1/conversations/public?q=%00', undefined, 400, 'VALIDATION_FAILED'],
    ['a list cursor past bigint', 'GET', () => `/v1/conversations?cursor=${Buffer.from(`9999999999999999999~${randomUUID()}`).toString('base64url')}`, undefined, 400, 'VALIDATION_FAILED'],
    ['an unknown route', 'GET', () => '/v1/nothing-here', undefined, 404, 'ROUTE_NOT_FOUND'],
  ];

  it.each(cases)('rejects %s', async (_name, method, path, body, status, code) => {
    const res = await raw(method, path(), typeof body === 'function' ? body() : body);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String), hint: expect.any(String), requestId: expect.any(String) }) });
  });

  it('answers an oversized body with 413 in the error shape', async () => {
    const res = await raw('POST', msgs(), json({ clientMessageId: 'big', body: 'x'.repeat(5000) }));
    expect(res).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
  });

  it('answers a missing or malformed Authorization header with 401', async () => {
    for (const authorization of ['', 'Bearer', 'Basic abc', 'Bearer not.a.jwt']) {
      const res = await raw('GET', '/v1/conversations', undefined, { authorization });
      expect(res).toMatchObject({ status: 401, body: { error: { code: expect.stringMatching(/UNAUTHENTICATED|TOKEN_/) } } });
    }
  });

  it('echoes a caller-supplied request id and makes its own otherwise', async () => {
    const res = await fetch(`${server.url}/v1/conversations/not-a-uuid`, { headers: { authorization: `Bearer ${user.auth.accessToken}`, 'x-request-id': 'trace-me-123' } });
    expect(res.headers.get('x-request-id')).toBe('trace-me-123');
    expect((await res.json()).error.requestId).toBe('trace-me-123');
  });

  it('answers a request whose audit entry would hold a NUL character or half an emoji as any other (the entry is made storable)', async () => {
    const sync = await raw('GET', '/v1/sync?since=cDE%00');
    expect(sync.status).toBeLessThan(500);
    const search = await raw('GET', `/v1/search?q=${encodeURIComponent(`${'a'.repeat(199)}😀`)}`);
    expect(search.status).toBe(200);
  });

  it('stored nothing for any rejected message', async () => {
    expect((await user.api.history(conversationId)).messages).toEqual([]);
  });

  it('answers bad socket payloads through the ack in the error shape', async () => {
    const socket = await connect(server.url, user.auth.accessToken);
    const attempts: [string, unknown][] = [
      ['message.send', 'not an object'],
      ['message.send', null],
      ['message.send', { conversationId: 'nope', clientMessageId: 'x', body: 'x' }],
      ['message.send', { conversationId, clientMessageId: 'x', body: 'y'.repeat(51) }],
      ['message.send', { conversationId, clientMessageId: 'x' }],
      ['conversation.join', { conversationId: 42 }],
      ['sync', { conversationId, afterSeq: -1 }],
      ['sync', { conversationId, afterSeq: 0, limit: 100000 }],
      ['delivered', { conversationId, seq: 1e20 }],
      ['read', { conversationId, seq: 2 ** 64 }],
    ];
    try {
      for (const [event, payload] of attempts) {
        const ack = await (socket.socket as unknown as { emitWithAck(e: string, p: unknown): Promise<{ ok: boolean; error?: { code: string } }> }).emitWithAck(event, payload);
        expect(ack).toEqual({ ok: false, error: expect.objectContaining({ code: 'VALIDATION_FAILED', requestId: expect.any(String), hint: expect.any(String) }) });
      }
    } finally {
      socket.close();
    }
  });

  it('drops a socket frame over SOCKET_MAX_PAYLOAD_BYTES without harming the server', async () => {
    const socket = await connect(server.url, user.auth.accessToken);
    try {
      const closed = new Promise((resolve) => socket.socket.once('disconnect', resolve));
      (socket.socket as unknown as { emit(e: string, p: unknown): void }).emit('message.send', { conversationId, clientMessageId: 'huge', body: 'z'.repeat(200_000) });
      await closed;
    } finally {
      socket.close();
    }
    const other = await connect(server.url, user.auth.accessToken);
    try {
      await expect(other.request('conversation.join', { conversationId })).resolves.toMatchObject({ lastSeq: 0 });
    } finally {
      other.close();
    }
  });
});

describe('rate limits', () => {
  it('limits message sends per user with 429 and Retry-After, REST and socket alike', async () => {
    const server = await startTestApp(allInOne, { RATE_LIMIT_MESSAGES_PER_SECOND: '1', RATE_LIMIT_MESSAGE_BURST: '3' });
    /**
     * A fresh account sends five at once over REST, then one more over REST and one over its
     * socket. The bucket holds 3 and gains one a second, so this shows the limit only when all of
     * it took under a second: on a box too loaded for that, the round is run again.
     */
    const round = async () => {
      const user = await signUp(server.url);
      const { conversation } = await user.api.createConversation({ type: 'channel', name: 'limited' });
      const socket = await connect(server.url, user.auth.accessToken);
      try {
        const started = Date.now();
        const results = await Promise.all(Array.from({ length: 5 }, (_, i) => user.api.sendMessage(conversation.id, { clientMessageId: `r${i}`, body: 'x' }).then((r) => r.message, (e) => e)));
        const [rest, overSocket] = await Promise.all([
          fetch(`${server.url}/v1/conversations/${conversation.id}/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${user.auth.accessToken}` },
            body: JSON.stringify({ clientMessageId: 'r9', body: 'x' }),
          }),
          socket.request('message.send', { conversationId: conversation.id, clientMessageId: 'r10', body: 'x' }).catch((e) => e),
        ]);
        return { user, conversation, results, rest, overSocket, withinASecond: Date.now() - started < 1000 };
      } finally {
        socket.close();
      }
    };
    try {
      let attempt = await round();
      for (let tries = 1; !attempt.withinASecond && tries < 3; tries++) attempt = await round();
      expect(attempt.withinASecond).toBe(true);
      const { user, conversation, results, rest, overSocket } = attempt;
      const accepted = results.flatMap((r, i) => ('seq' in r ? [{ clientMessageId: `r${i}`, seq: r.seq as number }] : []));
      expect(accepted).toHaveLength(3);
      const refused = results.find((r) => !('seq' in r));
      expect(refused).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED', retryAfterSeconds: 1 } });
      expect(rest.status).toBe(429);
      expect(rest.headers.get('retry-after')).toBe('1');
      expect(overSocket).toMatchObject({ body: { code: 'RATE_LIMITED' } });
      // A replay of an acknowledged send is not a new send: it is answered even while limited.
      // (Which three of the five concurrent sends got in depends on arrival order, so replay one that did.)
      await expect(user.api.sendMessage(conversation.id, { clientMessageId: accepted[0].clientMessageId, body: 'x' })).resolves.toMatchObject({ message: { seq: accepted[0].seq } });
    } finally {
      await server.close();
    }
  });

  it('lets an SDK client with a retry policy wait out the 429s: every send lands once, in order', async () => {
    const server = await startTestApp(allInOne, { RATE_LIMIT_MESSAGES_PER_SECOND: '2', RATE_LIMIT_MESSAGE_BURST: '2' });
    try {
      const user = await signUp(server.url);
      const { conversation } = await user.api.createConversation({ type: 'channel', name: 'patient' });
      const statuses: number[] = [];
      const counting = (async (...args: Parameters<typeof fetch>) => {
        const res = await fetch(...args);
        statuses.push(res.status);
        return res;
      }) as typeof fetch;
      const patient = new ChatApi({ baseUrl: server.url, accessToken: user.auth.accessToken, fetch: counting, retry: { retries: 5, baseDelayMs: 50, maxDelayMs: 3_000 } });
      const sent = [];
      for (let i = 0; i < 6; i++) sent.push((await patient.sendMessage(conversation.id, { clientMessageId: `p${i}`, body: `patient ${i}` })).message.seq);
      expect(sent).toEqual([1, 2, 3, 4, 5, 6]);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0); // the limiter did refuse, and the client waited
      const { messages } = await user.api.history(conversation.id, { limit: 50 });
      expect(messages.map((m) => m.body).sort()).toEqual(Array.from({ length: 6 }, (_, i) => `patient ${i}`));
    } finally {
      await server.close();
    }
  });

  it('limits the public channels a user joins per minute, refusing the next with 429 and nothing written', async () => {
    const server = await startTestApp(allInOne, { RATE_LIMIT_JOINS_PER_MINUTE: '2' });
    try {
      const [owner, joiner, other] = await Promise.all([signUp(server.url), signUp(server.url), signUp(server.url)]);
      const channels = await Promise.all(['one', 'two', 'three'].map((name) => owner.api.createConversation({ type: 'channel', name }).then((r) => r.conversation)));
      await joiner.api.join(channels[0].id);
      await joiner.api.join(channels[1].id);
      // 2 a minute: the next join's token comes back in 30 s.
      await expect(joiner.api.join(channels[2].id)).rejects.toMatchObject({ status: 429, body: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfterUpTo(30) } });
      const { members } = await owner.api.getConversation(channels[2].id);
      expect(members.map((m) => m.userId)).toEqual([owner.id]);
      // Joining one I am in already is no join: answered while limited.
      await expect(joiner.api.join(channels[0].id)).resolves.toMatchObject({ conversation: { id: channels[0].id } });
      // The limit is each user's own.
      await expect(other.api.join(channels[2].id)).resolves.toBeDefined();
    } finally {
      await server.close();
    }
  });

  it('limits the conversations a user creates and the people they invite per minute, refusing the next with 429 and nothing written', async () => {
    const server = await startTestApp(allInOne, { RATE_LIMIT_CONVERSATIONS_PER_MINUTE: '2', RATE_LIMIT_INVITES_PER_MINUTE: '2' });
    try {
      const [owner, bob, carol, dave, other] = await Promise.all([signUp(server.url), signUp(server.url), signUp(server.url), signUp(server.url), signUp(server.url)]);
      const { conversation: direct } = await owner.api.createConversation({ type: 'direct', memberIds: [bob.id] });
      const { conversation: group } = await owner.api.createConversation({ type: 'group', name: 'first', memberIds: [bob.id] });
      // 2 a minute: the next token comes back in 30 s.
      const limited = { status: 429, body: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfterUpTo(30) } };
      await expect(owner.api.createConversation({ type: 'channel', name: `third-${randomUUID().slice(0, 8)}` })).rejects.toMatchObject(limited);
      const res = await fetch(`${server.url}/v1/conversations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.auth.accessToken}` },
        body: JSON.stringify({ type: 'direct', memberIds: [carol.id] }),
      });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toEqual(retryAfterUpTo(30, 'string'));
      expect((await owner.api.listConversations()).conversations.map((c) => c.id).sort()).toEqual([direct.id, group.id].sort());
      // The existing direct conversation is answered while limited: nothing is created.
      await expect(owner.api.createConversation({ type: 'direct', memberIds: [bob.id] })).resolves.toMatchObject({ conversation: { id: direct.id } });

      await owner.api.invite(group.id, carol.id);
      await owner.api.invite(group.id, dave.id);
      await expect(owner.api.invite(group.id, other.id)).rejects.toMatchObject(limited);
      expect((await owner.api.getConversation(group.id)).members.map((m) => m.userId).sort()).toEqual([owner.id, bob.id, carol.id, dave.id].sort());
      // Inviting someone already in is no invitation: answered while limited.
      await expect(owner.api.invite(group.id, carol.id)).resolves.toBeDefined();
      // The limits are each user's own.
      await expect(bob.api.invite(group.id, other.id)).resolves.toBeDefined();
      await expect(bob.api.createConversation({ type: 'direct', memberIds: [carol.id] })).resolves.toBeDefined();
    } finally {
      await server.close();
    }
  });

  it('limits auth attempts per client address', async () => {
    const server = await startTestApp(allInOne, { RATE_LIMIT_AUTH_PER_MINUTE: '3' });
    try {
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await fetch(`${server.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'x', password: 'y' }) })).status);
      expect(codes).toEqual([401, 401, 401, 429]);
    } finally {
      await server.close();
    }
  });
});

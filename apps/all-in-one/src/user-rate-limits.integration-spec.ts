import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RealtimeClient } from '@chat/sdk';
import { connect, eventually, makePng, record, retryAfterUpTo, signUp, sleep, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/**
 * The per-user limits on what could flood a room or the server (RATE_LIMIT_*_PER_MINUTE, set to 2
 * here): the third attempt of the minute is refused with 429 RATE_LIMITED and Retry-After (up to
 * 30 s: 2 a minute), or the same error in the socket ack, and nothing is written or broadcast.
 */
describe('per-user rate limits on writes and broadcasts', () => {
  let server: TestApp;
  let owner: TestUser;
  let conversationId: string;
  beforeAll(async () => {
    server = await startTestApp(allInOne, {
      RATE_LIMIT_EDITS_PER_MINUTE: '2',
      RATE_LIMIT_DELETES_PER_MINUTE: '2',
      RATE_LIMIT_REACTIONS_PER_MINUTE: '2',
      RATE_LIMIT_PINS_PER_MINUTE: '2',
      RATE_LIMIT_TYPING_PER_MINUTE: '2',
      RATE_LIMIT_SOCKET_JOINS_PER_MINUTE: '2',
      RATE_LIMIT_VIEWS_PER_MINUTE: '2',
      RATE_LIMIT_SYNCS_PER_MINUTE: '2',
      RATE_LIMIT_PRESENCE_CHANGES_PER_MINUTE: '2',
      RATE_LIMIT_RECEIPTS_PER_MINUTE: '2',
      RATE_LIMIT_SEARCHES_PER_MINUTE: '2',
      RATE_LIMIT_UPLOADS_PER_MINUTE: '2',
      RATE_LIMIT_WS_TICKETS_PER_MINUTE: '2',
      RATE_LIMIT_KEY_DISTRIBUTIONS_PER_MINUTE: '2',
      MEDIA_MIN_FREE_BYTES: '0',
    });
    owner = await signUp(server.url, 'owner');
    conversationId = (await owner.api.createConversation({ type: 'channel', name: 'limited' })).conversation.id;
  });
  afterAll(() => server.close());

  /** A fresh user per case, in the channel, so each case starts with full budgets. */
  async function member(): Promise<TestUser> {
    const user = await signUp(server.url);
    await user.api.join(conversationId);
    return user;
  }

  async function call(user: TestUser, method: string, path: string, body?: Buffer | string, contentType = 'application/json') {
    const res = await fetch(`${server.url}${path}`, { method, body, headers: { 'content-type': contentType, authorization: `Bearer ${user.auth.accessToken}` } });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json().catch(() => null) };
  }

  const refusedAck = { body: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfterUpTo(30), hint: expect.any(String), requestId: expect.any(String) } };
  const refused = {
    status: 429,
    retryAfter: retryAfterUpTo(30, 'string'),
    body: { error: expect.objectContaining({ code: 'RATE_LIMITED', retryAfterSeconds: retryAfterUpTo(30), requestId: expect.any(String) }) },
  };
  const send = (user: TestUser, body: string) => user.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body }).then((r) => r.message);
  const messagePath = (id: string) => `/v1/conversations/${conversationId}/messages/${id}`;
  const stored = async (id: string) => (await owner.api.history(conversationId, { limit: 500 })).messages.find((m) => m.id === id)!;

  it('edits: RATE_LIMIT_EDITS_PER_MINUTE', async () => {
    const user = await member();
    const message = await send(user, 'first');
    await user.api.editMessage(conversationId, message.id, 'second');
    await user.api.editMessage(conversationId, message.id, 'third');
    expect(await call(user, 'PATCH', messagePath(message.id), JSON.stringify({ body: 'fourth' }))).toMatchObject(refused);
    expect((await stored(message.id)).body).toBe('third');
  });

  it('deletes: RATE_LIMIT_DELETES_PER_MINUTE', async () => {
    const user = await member();
    const [a, b, c] = [await send(user, 'a'), await send(user, 'b'), await send(user, 'c')];
    await user.api.deleteMessage(conversationId, a.id);
    await user.api.deleteMessage(conversationId, b.id);
    expect(await call(user, 'DELETE', messagePath(c.id))).toMatchObject(refused);
    const kept = await stored(c.id);
    expect(kept.body).toBe('c');
    expect(kept.deletedAt ?? null).toBeNull();
  });

  it('reactions, added or taken away: RATE_LIMIT_REACTIONS_PER_MINUTE', async () => {
    const user = await member();
    const message = await send(owner, 'react to me');
    await user.api.react(conversationId, message.id, '👍');
    await user.api.unreact(conversationId, message.id, '👍');
    expect(await call(user, 'PUT', `${messagePath(message.id)}/reactions/${encodeURIComponent('🎉')}`)).toMatchObject(refused);
    expect((await stored(message.id)).reactions).toEqual({});
  });

  it('pins, pinned or unpinned: RATE_LIMIT_PINS_PER_MINUTE', async () => {
    const message = await send(owner, 'pin me');
    const other = await send(owner, 'and me');
    await owner.api.pin(conversationId, message.id);
    await owner.api.unpin(conversationId, message.id);
    expect(await call(owner, 'PUT', `/v1/conversations/${conversationId}/pins/${other.id}`)).toMatchObject(refused);
    expect((await owner.api.pins(conversationId)).pins).toEqual([]);
  });

  it('typing starts: RATE_LIMIT_TYPING_PER_MINUTE, in the ack, with no frame sent; a stop is never refused', async () => {
    const user = await member();
    const [typist, observer] = [await connect(server.url, user.auth.accessToken), await connect(server.url, owner.auth.accessToken)];
    try {
      for (const socket of [typist, observer]) await socket.request('conversation.join', { conversationId });
      const frames = record(observer, 'typing');
      const typing = (isTyping: boolean) => typist.request('typing', { conversationId, isTyping });
      await typing(true);
      await typing(false);
      await typing(true);
      await typing(false);
      await expect(typing(true)).rejects.toMatchObject(refusedAck);
      await typing(false); // nothing to stop: no frame either
      // Frames reach the observer in order, so its own start's frame comes after any the refused start had caused.
      await observer.request('typing', { conversationId, isTyping: true });
      await frames.waitFor(5);
      expect(frames.frames.map((f) => f.userIds)).toEqual([[user.id], [], [user.id], [], [owner.id]]);
    } finally {
      typist.close();
      observer.close();
    }
  });

  /** Sockets of fresh members, closed after `use`: the owner's budgets are left to the other cases. */
  async function withSockets(count: number, use: (sockets: { user: TestUser; socket: RealtimeClient }[]) => Promise<void>): Promise<void> {
    const users = await Promise.all(Array.from({ length: count }, () => member()));
    const sockets = await Promise.all(users.map(async (user) => ({ user, socket: await connect(server.url, user.auth.accessToken) })));
    try {
      await use(sockets);
    } finally {
      sockets.forEach(({ socket }) => socket.close());
    }
  }

  it('socket joins: RATE_LIMIT_SOCKET_JOINS_PER_MINUTE, in the ack, and the socket is not put in the room', async () => {
    await withSockets(2, async ([{ socket: joiner }, { socket: sender }]) => {
      const frames = record(joiner, 'message.created');
      await joiner.request('conversation.join', { conversationId });
      await joiner.request('conversation.leave', { conversationId });
      await joiner.request('conversation.join', { conversationId });
      await joiner.request('conversation.leave', { conversationId });
      await expect(joiner.request('conversation.join', { conversationId })).rejects.toMatchObject(refusedAck);
      // Out of the room: the sender's own copy of its message comes, the joiner's never does.
      const senderFrames = record(sender, 'message.created');
      await sender.request('conversation.join', { conversationId });
      await sender.request('message.send', { conversationId, clientMessageId: randomUUID(), body: 'not for the refused joiner' });
      await senderFrames.waitFor(1);
      await sleep(300);
      expect(frames.frames).toEqual([]);
    });
  });

  it('views: RATE_LIMIT_VIEWS_PER_MINUTE, in the ack, with no viewers frame sent', async () => {
    await withSockets(2, async ([{ user: viewer, socket: viewing }, { user: watcher, socket: watching }]) => {
      await watching.request('conversation.join', { conversationId });
      const frames = record(watching, 'viewers');
      await viewing.request('conversation.view', { conversationId });
      await viewing.request('conversation.view', { conversationId: null });
      await expect(viewing.request('conversation.view', { conversationId })).rejects.toMatchObject(refusedAck);
      // Frames reach the watcher in order, so its own view's frame comes after any the refused view had caused.
      await watching.request('conversation.view', { conversationId });
      await frames.waitFor(3);
      expect(frames.frames.map((f) => f.userIds)).toEqual([[viewer.id], [], [watcher.id]]);
    });
  });

  it('syncs: RATE_LIMIT_SYNCS_PER_MINUTE, in the ack, with no history read or audit entry', async () => {
    await withSockets(1, async ([{ user, socket }]) => {
      const audited = async () => Number((await server.app.get(DataSource).query(`SELECT count(*) AS n FROM audit_log WHERE actor_id = $1 AND action = 'history.read'`, [user.id]))[0].n);
      await socket.request('sync', { conversationId, afterSeq: 0 });
      await socket.request('sync', { conversationId, afterSeq: 0 });
      await expect(socket.request('sync', { conversationId, afterSeq: 0 })).rejects.toMatchObject(refusedAck);
      expect(await audited()).toBe(2);
    });
  });

  it('presence changes: RATE_LIMIT_PRESENCE_CHANGES_PER_MINUTE, in the ack, and the status stays', async () => {
    await withSockets(1, async ([{ user, socket }]) => {
      const presence = async () => (await owner.api.getConversation(conversationId)).members.find((m) => m.userId === user.id)?.presence;
      await socket.request('presence.set', { status: 'away' });
      await socket.request('presence.set', { status: 'online' });
      await expect(socket.request('presence.set', { status: 'away' })).rejects.toMatchObject(refusedAck);
      await sleep(500);
      expect(await presence()).toBe('online');
    });
  });

  it('read and delivered pointers, over REST and the socket alike: RATE_LIMIT_RECEIPTS_PER_MINUTE, one budget, refused before the membership lookup', async () => {
    const user = await member();
    const socket = await connect(server.url, user.auth.accessToken);
    try {
      for (const body of ['one', 'two']) await send(owner, body);
      const lastSeq = (await send(owner, 'three')).seq;
      const pointer = async () => (await owner.api.readPointers(conversationId)).reads.find((r) => r.userId === user.id);
      await user.api.markRead(conversationId, lastSeq - 2);
      await socket.request('delivered', { conversationId, seq: lastSeq - 1 });
      await eventually(async () => expect(await pointer()).toEqual({ userId: user.id, lastReadSeq: lastSeq - 2, lastDeliveredSeq: lastSeq - 1 }));

      const seq = JSON.stringify({ seq: lastSeq });
      expect(await call(user, 'POST', `/v1/conversations/${conversationId}/read`, seq)).toMatchObject(refused);
      expect(await call(user, 'POST', `/v1/conversations/${conversationId}/delivered`, seq)).toMatchObject(refused);
      await expect(socket.request('read', { conversationId, seq: lastSeq })).rejects.toMatchObject(refusedAck);
      await expect(socket.request('delivered', { conversationId, seq: lastSeq })).rejects.toMatchObject(refusedAck);
      // Refused before the lookup: an unknown conversation is not even looked up (429, not 404).
      expect(await call(user, 'POST', `/v1/conversations/${randomUUID()}/read`, seq)).toMatchObject(refused);
      // Past a few of the server's delivery writes (every DELIVERY_RECEIPTS_FLUSH_MS, 250 ms): nothing moved.
      await sleep(1_000);
      expect(await pointer()).toEqual({ userId: user.id, lastReadSeq: lastSeq - 2, lastDeliveredSeq: lastSeq - 1 });
    } finally {
      socket.close();
    }
  });

  it('searches: RATE_LIMIT_SEARCHES_PER_MINUTE', async () => {
    const user = await member();
    await user.api.search({ q: 'anything' });
    await user.api.search({ q: 'anything' });
    expect(await call(user, 'GET', '/v1/search?q=anything')).toMatchObject(refused);
  });

  it('uploads: RATE_LIMIT_UPLOADS_PER_MINUTE, refused before anything is stored', async () => {
    const user = await member();
    const png = await makePng(8, 8);
    const mine = async () => Number((await server.app.get(DataSource).query('SELECT count(*) AS n FROM media WHERE uploader_id = $1', [user.id]))[0].n);
    await user.api.uploadMedia(png, { name: 'one.png', contentType: 'image/png' });
    await user.api.uploadMedia(png, { name: 'two.png', contentType: 'image/png' });
    expect(await call(user, 'POST', '/v1/media?name=three.png', png, 'image/png')).toMatchObject(refused);
    expect(await mine()).toBe(2);
  });

  it('socket tickets: RATE_LIMIT_WS_TICKETS_PER_MINUTE, refused before a ticket is stored', async () => {
    const user = await member();
    const mine = async () => Number((await server.app.get(DataSource).query('SELECT count(*) AS n FROM ws_tickets WHERE user_id = $1', [user.id]))[0].n);
    await user.api.wsTicket();
    await user.api.wsTicket();
    expect(await call(user, 'POST', '/v1/auth/ws-ticket')).toMatchObject(refused);
    expect(await mine()).toBe(2);
  });

  it('E2EE key distributions: RATE_LIMIT_KEY_DISTRIBUTIONS_PER_MINUTE, refused before anything is read or stored', async () => {
    const user = await member();
    const distribution = JSON.stringify({ keyVersion: 1, senderDeviceId: 'no-such-device', envelopes: [] });
    const path = `/v1/conversations/${randomUUID()}/e2ee/keys`;
    for (let i = 0; i < 2; i++) expect(await call(user, 'POST', path, distribution)).toMatchObject({ body: { error: expect.objectContaining({ code: 'E2EE_DEVICE_KEY_MISSING' }) } });
    expect(await call(user, 'POST', path, distribution)).toMatchObject(refused);
  });

  it('each user has budgets of their own', async () => {
    const [a, b] = [await member(), await member()];
    for (let i = 0; i < 2; i++) await a.api.search({ q: 'mine' });
    expect(await call(a, 'GET', '/v1/search?q=mine')).toMatchObject(refused);
    await expect(b.api.search({ q: 'mine' })).resolves.toMatchObject({ hits: [] });
    // and a budget per kind of action: a's searches used up, its tickets are not.
    await expect(a.api.wsTicket()).resolves.toMatchObject({ ticket: expect.any(String) });
  });
});

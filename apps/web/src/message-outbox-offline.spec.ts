import { ErrorCode, type Message } from '@chat/contracts';
import { ChatApiError, type RealtimeClient } from '@chat/sdk';
import { MessageOutbox, QUEUED_SEND_TTL_MS, type BodySealer, type Outgoing } from './message-outbox';
import { OutboxStore, type StoredSend } from './outbox-store';
import type { SessionApi } from './session-api';
import { memoryStorage } from './testing/fake-storage';

interface Send {
  conversationId: string;
  clientMessageId: string;
  body: string;
  replyTo?: string;
  mentions?: string[];
}

/**
 * A server behind a network that is down until `goOnline()` (the socket connects then), which
 * stores a clientMessageId once like the real one, and takes a little while per send so that
 * sends going out together would overlap. `loseAnswerOnce`: the next send is stored but its answer
 * never arrives (the network dropped right after it).
 */
function setUp(kept: StoredSend[] = []) {
  const storage = memoryStorage();
  const store = new OutboxStore('me', storage);
  for (const send of kept) store.save(send);
  const tries: Send[] = [];
  const stored = new Map<string, Message>();
  let reachable = false;
  /** Sends of one conversation at the server at the same time, at most. */
  const inFlight = new Map<string, number>();
  let mostInFlight = 0;
  let loseAnswer = false;
  let refusal: ChatApiError | null = null;
  const receive = async (request: Send): Promise<{ message: Message }> => {
    tries.push(request);
    const overlapping = (inFlight.get(request.conversationId) ?? 0) + 1;
    inFlight.set(request.conversationId, overlapping);
    mostInFlight = Math.max(mostInFlight, overlapping);
    await new Promise((resolve) => setTimeout(resolve, 5));
    inFlight.set(request.conversationId, inFlight.get(request.conversationId)! - 1);
    if (refusal) throw refusal;
    if (!reachable) throw new TypeError('Failed to fetch');
    const message = stored.get(request.clientMessageId) ?? ({ id: `m${stored.size + 1}`, seq: stored.size + 1, ...request } as unknown as Message);
    stored.set(request.clientMessageId, message);
    if (loseAnswer) {
      loseAnswer = false;
      reachable = false;
      socket.connected = false;
      throw new Error('socket has been disconnected');
    }
    return { message };
  };
  const onConnect: (() => void)[] = [];
  const socket = { connected: false, on: (event: string, handler: () => void) => event === 'connect' && onConnect.push(handler) };
  const client = { socket, request: (_: string, payload: Send) => receive(payload) } as unknown as RealtimeClient;
  const api = { sendMessage: (conversationId: string, request: Omit<Send, 'conversationId'>) => receive({ conversationId, ...request }) } as unknown as SessionApi;
  const sealer: BodySealer = { seal: async (_, body) => body, recover: async () => false };
  const delivered: Message[] = [];
  const outbox = new MessageOutbox(client, api, { changed: () => undefined, delivered: (m) => delivered.push(m), discarded: () => undefined }, sealer, store);
  return {
    outbox,
    storage,
    tries,
    delivered,
    /** Bodies the server stored, in the order it stored them. */
    serverBodies: () => [...stored.values()].map((m) => m.body),
    mostInFlight: () => mostInFlight,
    goOnline() {
      reachable = true;
      socket.connected = true;
      onConnect.forEach((handler) => handler());
    },
    loseAnswerOnce: () => (loseAnswer = true),
    refuse: (err: ChatApiError | null) => (refusal = err),
    kept: () => store.load(),
  };
}

const statuses = (outgoing: Outgoing[]) => outgoing.map((o) => `${o.body}: ${o.status}`);

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(done()).toBe(true);
}

const keptSend = (body: string, queuedAt: Date): StoredSend => ({
  clientMessageId: `id-${body}`,
  conversationId: 'c1',
  body,
  attachments: [{ id: `upload-of-${body}` }],
  createdAt: queuedAt.toISOString(),
  queuedAt: queuedAt.toISOString(),
  status: 'sending',
});

describe('MessageOutbox offline', () => {
  it('holds what is sent offline as waiting, then sends it once connected: each conversation in the order typed, one at a time, under the same clientMessageIds', async () => {
    const server = setUp();
    server.outbox.send('c1', 'first');
    server.outbox.send('c2', 'elsewhere');
    server.outbox.send('c1', 'second');
    await until(() => [...server.outbox.pendingIn('c1'), ...server.outbox.pendingIn('c2')].every((o) => o.status === 'waiting'));
    const idsTyped = server.outbox.pendingIn('c1').map((o) => o.clientMessageId);
    expect(server.kept().map((s) => [s.body, s.status])).toEqual([
      ['first', 'waiting'],
      ['elsewhere', 'waiting'],
      ['second', 'waiting'],
    ]);

    server.goOnline();
    await until(() => server.delivered.length === 3);
    expect(server.serverBodies().filter((b) => b !== 'elsewhere')).toEqual(['first', 'second']);
    expect(new Set(server.tries.filter((s) => s.conversationId === 'c1').map((s) => s.clientMessageId))).toEqual(new Set(idsTyped));
    expect(server.mostInFlight()).toBe(1);
    expect(server.kept()).toEqual([]);
  });

  it('stores once a send whose answer was lost in the drop, sending it again with the same clientMessageId when connected', async () => {
    const server = setUp();
    server.goOnline();
    server.loseAnswerOnce();
    server.outbox.send('c1', 'reached the server');
    await until(() => server.outbox.pendingIn('c1')[0]?.status === 'waiting');
    expect(server.delivered).toEqual([]);

    server.goOnline();
    await until(() => server.delivered.length === 1);
    expect(server.serverBodies()).toEqual(['reached the server']);
    expect(new Set(server.tries.map((s) => s.clientMessageId)).size).toBe(1);
  });

  it('fails a refusal at once, even offline, and the conversation’s next send still goes', async () => {
    const server = setUp();
    server.refuse(new ChatApiError(403, { code: ErrorCode.NOT_A_MEMBER, message: 'You are not a member of this conversation', hint: '', requestId: 'r' }));
    server.outbox.send('c1', 'refused');
    await until(() => server.outbox.pendingIn('c1')[0]?.status === 'failed');
    expect(server.outbox.pendingIn('c1')[0].error).toContain('not a member');

    server.refuse(null);
    server.goOnline();
    server.outbox.send('c1', 'allowed');
    await until(() => server.delivered.length === 1);
    expect(server.serverBodies()).toEqual(['allowed']);
    expect(statuses(server.outbox.pendingIn('c1'))).toEqual(['refused: failed']);
  });

  it('restores kept sends as waiting, but one held longer than QUEUED_SEND_TTL_MS as failed: never sent unless retried', async () => {
    const stale = keptSend('yesterday', new Date(Date.now() - QUEUED_SEND_TTL_MS - 60_000));
    const server = setUp([stale, keptSend('a minute ago', new Date(Date.now() - 60_000))]);
    expect(statuses(server.outbox.pendingIn('c1'))).toEqual(['yesterday: failed', 'a minute ago: waiting']);
    expect(server.outbox.pendingIn('c1')[0].error).toBe('It waited too long for the connection.');
    expect(server.kept()[0]).toMatchObject({ body: 'yesterday', status: 'failed' });

    server.goOnline();
    await until(() => server.delivered.length === 1);
    expect(server.serverBodies()).toEqual(['a minute ago']);
    // Only the upload ids went: the server describes them.
    expect(server.tries[0]).toMatchObject({ clientMessageId: 'id-a minute ago', attachments: [{ id: 'upload-of-a minute ago' }] });

    server.outbox.retry(stale.clientMessageId);
    await until(() => server.delivered.length === 2);
    expect(server.serverBodies()).toEqual(['a minute ago', 'yesterday']);
  });

  it('keeps the message a reply answers with it while it waits, through a reload, and sends the reply with it', async () => {
    const before = setUp();
    before.outbox.send('c1', 'Agreed', [], { replyTo: 'm-answered' });
    await until(() => before.outbox.pendingIn('c1')[0]?.status === 'waiting');
    expect(before.kept()).toEqual([expect.objectContaining({ body: 'Agreed', replyTo: 'm-answered', status: 'waiting' })]);

    const afterReload = setUp(before.kept());
    expect(afterReload.outbox.pendingIn('c1')).toEqual([expect.objectContaining({ body: 'Agreed', replyTo: 'm-answered', status: 'waiting' })]);
    afterReload.goOnline();
    await until(() => afterReload.delivered.length === 1);
    expect(afterReload.tries).toEqual([expect.objectContaining({ conversationId: 'c1', body: 'Agreed', replyTo: 'm-answered' })]);
  });

  it('keeps the members a send names with it while it waits, through a reload, and sends them with it', async () => {
    const before = setUp();
    before.outbox.send('c1', '@Bob Stone lunch?', [], { mentions: ['bob'] });
    await until(() => before.outbox.pendingIn('c1')[0]?.status === 'waiting');
    expect(before.kept()).toEqual([expect.objectContaining({ body: '@Bob Stone lunch?', mentions: ['bob'], status: 'waiting' })]);

    const afterReload = setUp(before.kept());
    afterReload.goOnline();
    await until(() => afterReload.delivered.length === 1);
    expect(afterReload.tries).toEqual([expect.objectContaining({ conversationId: 'c1', body: '@Bob Stone lunch?', mentions: ['bob'] })]);
  });

  it('forgets kept sends of conversations the list no longer has, but not sends typed in this page', async () => {
    const gone = { ...keptSend('to a deleted group', new Date()), conversationId: 'gone' };
    const server = setUp([gone, keptSend('still here', new Date())]);
    server.outbox.send('new', 'to a conversation newer than the list');
    await until(() => server.outbox.pendingIn('new').every((o) => o.status === 'waiting'));

    expect(server.outbox.restoredConversations().sort()).toEqual(['c1', 'gone']);
    server.outbox.forgetRestoredOutside(new Set(['c1']));
    expect(server.outbox.pendingIn('gone')).toEqual([]);
    expect(server.kept().map((s) => s.body)).toEqual(['still here', 'to a conversation newer than the list']);
  });

  it('forgets a discarded send in storage; clear() empties it, and after close() nothing more is written or sent', async () => {
    const server = setUp();
    server.outbox.send('c1', 'given up');
    server.outbox.send('c1', 'kept for later');
    await until(() => server.outbox.pendingIn('c1').every((o) => o.status === 'waiting'));
    server.outbox.discard(server.outbox.pendingIn('c1')[0].clientMessageId);
    expect(server.kept().map((s) => s.body)).toEqual(['kept for later']);

    server.outbox.close();
    server.goOnline();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(server.serverBodies()).toEqual([]);
    expect(server.kept().map((s) => s.body)).toEqual(['kept for later']);

    server.outbox.clear();
    expect(server.storage.items.size).toBe(0);
  });
});

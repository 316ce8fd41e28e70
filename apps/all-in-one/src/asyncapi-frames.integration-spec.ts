import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import type { ClientToServerEvents, Message } from '@chat/contracts';
import { LoadMonitor } from '@chat/platform';
import { RealtimeClient } from '@chat/sdk';
import { AsyncApiMessages, eventually, signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/** An ack as it arrives: `{ok: true, ...result}` or `{ok: false, error}`. */
type RawAck = { ok: boolean; error?: { code: string } } & Record<string, unknown>;

/** One message of the session as it crossed the wire, named by its id in the AsyncAPI document. */
interface Recorded {
  id: string;
  value: unknown;
}

/**
 * A real socket.io-client session that adds everything it sends and receives to `wire`: each client
 * event's payload and raw ack (errors included, which RealtimeClient.request would throw), and every frame.
 */
class RecordedSession {
  readonly client: RealtimeClient;
  private readonly received: Recorded[] = [];

  constructor(
    url: string,
    user: TestUser,
    private readonly wire: Recorded[],
  ) {
    this.client = new RealtimeClient({ url, token: user.auth.accessToken, socket: { reconnection: false, autoConnect: false } });
    // Attached before connecting, so `server.protocol` (sent on connect) is kept too.
    this.client.socket.onAny((event: string, frame: unknown) => {
      const received = { id: `server.${event}`, value: frame };
      this.received.push(received);
      wire.push(received);
    });
  }

  async open(): Promise<this> {
    this.client.socket.connect();
    await this.client.connected();
    return this;
  }

  async emit<E extends keyof ClientToServerEvents>(event: E, payload: Parameters<ClientToServerEvents[E]>[0]): Promise<RawAck> {
    this.wire.push({ id: `client.${event}`, value: payload });
    const ack = (await (this.client.socket.timeout(10_000) as unknown as { emitWithAck(e: string, p: unknown): Promise<RawAck> }).emitWithAck(event, payload));
    this.wire.push({ id: `client.${event}.ack`, value: ack });
    return ack;
  }

  frames(id: string): unknown[] {
    return this.received.filter((r) => r.id === id).map((r) => r.value);
  }
}

/** The connect_error a handshake gets, as a Socket.IO client sees it: `err.message` and `err.data`. */
async function refusedHandshake(url: string, auth: Record<string, unknown>): Promise<{ message: string; data: unknown }> {
  const socket = io(url, { path: '/socket.io', transports: ['websocket'], reconnection: false, auth });
  try {
    return await new Promise((resolve, reject) => {
      socket.once('connect', () => reject(new Error('the handshake was accepted')));
      socket.once('connect_error', (err: Error & { data?: unknown }) => resolve({ message: err.message, data: err.data }));
    });
  } finally {
    socket.close();
  }
}

describe('the AsyncAPI document served at /docs/asyncapi.json describes what a real session carries (seed 003 R17.1)', () => {
  let server: TestApp;
  let document: AsyncApiMessages;
  let eventLagMs = 0;
  beforeAll(async () => {
    // Load shedding on a lag this spec reports, so `server.status` can be caused on demand.
    server = await startTestApp(allInOne, { LOAD_SHED_EVENT_LAG_MS: '60000', LOAD_RECOVERY_MS: '0' });
    server.app.get(LoadMonitor).watchEventLag('asyncapi-spec', () => eventLagMs);
    document = new AsyncApiMessages(await (await fetch(`${server.url}/docs/asyncapi.json`)).json());
  });
  afterAll(() => server.close());

  it('is served as JSON beside the OpenAPI document', async () => {
    const answer = await fetch(`${server.url}/docs/asyncapi.json`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await answer.json()).toMatchObject({ asyncapi: '3.0.0', info: { version: 'v1', 'x-socket-protocols': { supported: ['v1'] } } });
    const openApi = (await (await fetch(`${server.url}/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openApi.paths)).not.toContain('/docs/asyncapi.json');
  });

  it('validates every payload, ack and frame of a session: join, send, typing, read, reactions, edits, membership, presence, load, errors', async () => {
    const wire: Recorded[] = [];
    const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((name) => signUp(server.url, name)));
    const { conversation } = await alice.api.createConversation({ type: 'group', name: 'documented', memberIds: [bob.id] });
    const conversationId = conversation.id;
    const a = await new RecordedSession(server.url, alice, wire).open();
    const b = await new RecordedSession(server.url, bob, wire).open();
    const frameCount = (session: RecordedSession, id: string, n: number) => eventually(() => expect(session.frames(id).length).toBeGreaterThanOrEqual(n));

    expect(await a.emit('conversation.join', { conversationId })).toMatchObject({ ok: true });
    expect(await b.emit('conversation.join', { conversationId })).toMatchObject({ ok: true });
    await b.emit('presence.heartbeat', {});
    await b.emit('presence.set', { status: 'away' });
    await frameCount(a, 'server.presence', 1);
    await b.emit('typing', { conversationId, isTyping: true });
    await frameCount(a, 'server.typing', 1);

    const message = (await a.emit('message.send', { conversationId, clientMessageId: randomUUID(), body: 'documented 👋' })).message as Message;
    await frameCount(b, 'server.message.created', 1);
    await b.emit('read', { conversationId, seq: message.seq });
    await frameCount(a, 'server.read', 1);
    await b.emit('sync', { conversationId, afterSeq: 0, limit: 10 });

    await bob.api.react(conversationId, message.id, '👍');
    await alice.api.editMessage(conversationId, message.id, 'documented, edited');
    await alice.api.setMuted(conversationId, true);
    await alice.api.updateConversation(conversationId, { name: 'documented, renamed' });
    await alice.api.invite(conversationId, carol.id);
    await alice.api.kick(conversationId, carol.id);
    await alice.api.deleteMessage(conversationId, message.id);
    for (const id of ['server.reaction.updated', 'server.message.updated', 'server.mute.updated', 'server.conversation.updated', 'server.member.joined', 'server.member.left', 'server.message.deleted']) await frameCount(a, id, 1);

    // Errors come back in the ack: a conversation I am not in, and a payload that fails validation.
    expect(await a.emit('conversation.join', { conversationId: randomUUID() })).toMatchObject({ ok: false, error: { code: 'CONVERSATION_NOT_FOUND' } });
    expect(await a.emit('message.send', { conversationId, clientMessageId: 'x', body: '' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });

    // Loaded: every socket is told what is paused, and a paused feature answers SERVICE_UNAVAILABLE.
    const load = server.app.get(LoadMonitor);
    eventLagMs = 120_000;
    await load.sample();
    await frameCount(a, 'server.server.status', 1);
    expect(await a.emit('typing', { conversationId, isTyping: true })).toMatchObject({ ok: false, error: { code: 'SERVICE_UNAVAILABLE' } });
    eventLagMs = 0;
    await load.sample();
    await frameCount(a, 'server.server.status', 2);

    await b.emit('conversation.leave', { conversationId });
    await alice.api.deleteConversation(conversationId);
    await frameCount(a, 'server.conversation.deleted', 1);
    a.client.close();
    b.client.close();

    const seen = new Set(wire.map((r) => r.id));
    const expected = ['server.server.protocol', 'server.presence', 'server.typing', 'server.message.created', 'server.read', 'server.server.status', 'client.sync.ack'];
    expect([...seen]).toEqual(expect.arrayContaining(expected));
    expect(wire.flatMap((r) => document.problems(r.id, r.value))).toEqual([]);
  });

  it('validates the handshake and its refusals: an unsupported protocol, no token, a bad token', async () => {
    const user = await signUp(server.url, 'handshake');
    const auth = { token: user.auth.accessToken, deviceId: 'device-1', protocol: 'v1' };
    expect(document.problems('handshake', auth)).toEqual([]);
    const refusals = [await refusedHandshake(server.url, { ...auth, protocol: 'v0' }), await refusedHandshake(server.url, {}), await refusedHandshake(server.url, { token: 'not.a.token' })];
    expect(refusals.map((r) => (r.data as { error: { code: string } }).error.code)).toEqual(['UNSUPPORTED_PROTOCOL', 'UNAUTHENTICATED', 'UNAUTHENTICATED']);
    expect(refusals.flatMap((r) => document.problems('handshake.refused', r))).toEqual([]);
  });

  it('catches what the document does not describe', () => {
    expect(document.problems('server.typing', { conversationId: 'c', userIds: ['u'], undeclared: true })).not.toEqual([]);
    expect(document.problems('client.read.ack', { ok: false })).not.toEqual([]);
    expect(() => document.problems('server.no.such.event', {})).toThrow(/no message server.no.such.event/);
  });
});

import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Conversation } from '@chat/contracts';
import { RealtimeClient } from '@chat/sdk';
import { connect, eventually, record, signUp, sleep, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/** Small, so a four-member channel is "big" here. */
const MAX_MEMBERS = 3;
const FLUSH_MS = 100;
/** Long enough for a write the server should not make to have happened and been fanned out. */
const QUIET_MS = 3 * FLUSH_MS + 500;

/**
 * Delivery receipts (seed 000 FR-004, seed 001 FR-012): members' devices acknowledge messages, the
 * server keeps one forward-only delivery pointer per member, written in batches, and the sender
 * learns through coalesced `delivered` frames, the reads endpoint, a message's receipts and sync.
 */
describe('delivery receipts', () => {
  let server: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  const sockets: RealtimeClient[] = [];

  beforeAll(async () => {
    server = await startTestApp(allInOne, { DELIVERY_RECEIPTS_MAX_MEMBERS: String(MAX_MEMBERS), DELIVERY_RECEIPTS_FLUSH_MS: String(FLUSH_MS) });
    [alice, bob, carol] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob'), signUp(server.url, 'carol')]);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await server?.close();
  });

  const socketOf = async (user: TestUser, conversationIds: string[], deliveryAcks?: { intervalMs: number }) => {
    const client = deliveryAcks ? new RealtimeClient({ url: server.url, token: user.auth.accessToken, deliveryAcks, socket: { reconnection: false } }) : await connect(server.url, user.auth.accessToken);
    sockets.push(client);
    await client.connected();
    for (const conversationId of conversationIds) await client.request('conversation.join', { conversationId });
    return client;
  };
  const trio = async (): Promise<Conversation> => (await alice.api.createConversation({ type: 'group', memberIds: [bob.id, carol.id] })).conversation;
  const say = async (conversationId: string, body: string) => (await alice.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body })).message;
  const pointerOf = async (conversationId: string, user: TestUser) => (await alice.api.readPointers(conversationId)).reads.find((r) => r.userId === user.id)!;

  it('tells the sender, in few frames, that a message reached the devices of a member whose SDK acknowledges it by itself', async () => {
    const conversation = await trio();
    const aliceSocket = await socketOf(alice, [conversation.id]);
    await socketOf(bob, [conversation.id], { intervalMs: 200 });
    const carolSocket = await socketOf(carol, [conversation.id]);
    const frames = record(aliceSocket, 'delivered');
    // Only the sender's devices hear of it: Carol, in the room but with no message covered, gets no frame.
    const carolFrames = record(carolSocket, 'delivered');

    const sent = [];
    for (let i = 1; i <= 10; i++) sent.push(await say(conversation.id, `m${i}`));
    await eventually(() => expect(frames.frames.flatMap((f) => f.pointers).filter((p) => p.userId === bob.id && p.seq === 10)).toHaveLength(1));
    await sleep(QUIET_MS);
    // Coalesced twice: the SDK acknowledges at most once per 200 ms, the server writes every 100 ms.
    expect(frames.frames.length).toBeLessThan(10);
    for (const frame of frames.frames) expect(frame).toMatchObject({ conversationId: conversation.id, pointers: [{ userId: bob.id, seq: expect.any(Number) }] });
    const seqs = frames.frames.map((f) => f.pointers[0]!.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(carolFrames.frames).toEqual([]);

    expect(await pointerOf(conversation.id, bob)).toEqual({ userId: bob.id, lastReadSeq: 0, lastDeliveredSeq: 10 });
    expect(await pointerOf(conversation.id, carol)).toEqual({ userId: carol.id, lastReadSeq: 0, lastDeliveredSeq: 0 });
    expect(await alice.api.messageReceipts(conversation.id, sent[9]!.id)).toEqual({
      messageId: sent[9]!.id,
      seq: 10,
      deliveryTracked: true,
      readBy: [],
      deliveredTo: [{ userId: bob.id }],
      pending: [{ userId: carol.id }],
    });

    // Reading implies delivery: Carol reads up to 4 on a client that never acknowledged delivery.
    await carol.api.markRead(conversation.id, 4);
    expect(await pointerOf(conversation.id, carol)).toEqual({ userId: carol.id, lastReadSeq: 4, lastDeliveredSeq: 4 });
    expect(await bob.api.messageReceipts(conversation.id, sent[3]!.id)).toMatchObject({ readBy: [{ userId: carol.id }], deliveredTo: [{ userId: bob.id }], pending: [] });
    expect(await bob.api.messageReceipts(conversation.id, sent[4]!.id)).toMatchObject({ readBy: [], deliveredTo: [{ userId: bob.id }], pending: [{ userId: carol.id }] });
  });

  it('sends one frame per write with every pointer that moved, however many acknowledgements came in', async () => {
    const conversation = await trio();
    for (let i = 1; i <= 3; i++) await say(conversation.id, `m${i}`);
    const aliceSocket = await socketOf(alice, [conversation.id]);
    const [bobSocket, carolSocket] = await Promise.all([socketOf(bob, []), socketOf(carol, [])]);
    const frames = record(aliceSocket, 'delivered');

    const acks = [];
    const sentAt = performance.now();
    for (let seq = 1; seq <= 3; seq++) for (const s of [bobSocket, carolSocket]) acks.push(s.request('delivered', { conversationId: conversation.id, seq }));
    expect(await Promise.all(acks)).toEqual(acks.map(() => ({ tracked: true })));
    const ackedWithinMs = performance.now() - sentAt;
    await eventually(() => expect(frames.frames.flatMap((f) => f.pointers)).toEqual(expect.arrayContaining([{ userId: bob.id, seq: 3 }, { userId: carol.id, seq: 3 }])));
    await sleep(QUIET_MS);
    // One frame per write, not per acknowledgement: no more frames than the writes the acknowledgements could
    // span (on a quiet machine they arrive within a few ms: one write, two if they straddle a tick; a loaded one
    // spreads them over more ticks, since each is checked against the database first).
    expect(frames.frames.length).toBeLessThanOrEqual(Math.ceil(ackedWithinMs / FLUSH_MS) + 1);
    for (const frame of frames.frames) expect(new Set(frame.pointers.map((p) => p.userId)).size).toBe(frame.pointers.length);

    // The same change reaches a client catching up through sync, in the frame's shape.
    const { changes } = await alice.api.sync();
    const delivered = changes.filter((c) => c.type === 'delivered' && c.conversationId === conversation.id);
    expect(delivered.flatMap((c) => (c.type === 'delivered' ? c.pointers : []))).toEqual(expect.arrayContaining([{ userId: bob.id, seq: 3 }, { userId: carol.id, seq: 3 }]));
  });

  it('moves a delivery pointer forward only, and never past the last message', async () => {
    const { conversation } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    for (let i = 1; i <= 3; i++) await say(conversation.id, `m${i}`);
    const aliceSocket = await socketOf(alice, [conversation.id]);
    const bobSocket = await socketOf(bob, []);
    const frames = record(aliceSocket, 'delivered');

    expect(await bobSocket.request('delivered', { conversationId: conversation.id, seq: 99 })).toEqual({ tracked: true });
    await frames.waitFor(1);
    expect(frames.frames[0]).toMatchObject({ pointers: [{ userId: bob.id, seq: 3 }] });
    expect(await pointerOf(conversation.id, bob)).toMatchObject({ lastDeliveredSeq: 3 });

    await bobSocket.request('delivered', { conversationId: conversation.id, seq: 1 });
    await bob.api.markDelivered(conversation.id, 2);
    await sleep(QUIET_MS);
    expect(await pointerOf(conversation.id, bob)).toMatchObject({ lastDeliveredSeq: 3 });
    expect(frames.frames).toHaveLength(1);

    // A new message moves it on, through the REST twin.
    await say(conversation.id, 'm4');
    expect(await bob.api.markDelivered(conversation.id, 4)).toEqual({ tracked: true });
    await frames.waitFor(2);
    expect(frames.frames[1]).toMatchObject({ pointers: [{ userId: bob.id, seq: 4 }] });
  });

  it('tells a sender who has left the conversation nothing more of who its messages reached', async () => {
    const conversation = await trio();
    await carol.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'before I go' });
    const carolSocket = await socketOf(carol, []);
    const frames = record(carolSocket, 'delivered');
    await alice.api.kick(conversation.id, carol.id);
    expect(await bob.api.markDelivered(conversation.id, 1)).toEqual({ tracked: true });
    // Written, and no frame for Carol.
    await eventually(async () => expect(await pointerOf(conversation.id, bob)).toMatchObject({ lastDeliveredSeq: 1 }));
    await sleep(QUIET_MS);
    expect(frames.frames).toEqual([]);
  });

  it('acknowledges after a sync catch-up too, for the last message of the page', async () => {
    const conversation = await trio();
    for (let i = 1; i <= 4; i++) await say(conversation.id, `m${i}`);
    const bobClient = await socketOf(bob, [], { intervalMs: 100 });
    const page = await bobClient.request('sync', { conversationId: conversation.id, afterSeq: 0 });
    expect(page.messages).toHaveLength(4);
    await eventually(async () => expect(await pointerOf(conversation.id, bob)).toMatchObject({ lastDeliveredSeq: 4 }));
  });

  it('keeps no delivery pointers in a conversation above DELIVERY_RECEIPTS_MAX_MEMBERS: the acknowledgement is answered, nothing is written', async () => {
    const dave = await signUp(server.url, 'dave');
    const { conversation } = await alice.api.createConversation({ type: 'group', memberIds: [bob.id, carol.id, dave.id] });
    expect(conversation.memberCount).toBe(MAX_MEMBERS + 1);
    const message = await say(conversation.id, 'to many');
    const aliceSocket = await socketOf(alice, [conversation.id]);
    const bobSocket = await socketOf(bob, []);
    const frames = record(aliceSocket, 'delivered');

    expect(await bobSocket.request('delivered', { conversationId: conversation.id, seq: 1 })).toEqual({ tracked: false });
    expect(await carol.api.markDelivered(conversation.id, 1)).toEqual({ tracked: false });
    await sleep(QUIET_MS);
    expect(frames.frames).toEqual([]);
    const rows: { last_delivered_seq: string }[] = await server.app.get(DataSource).query(`SELECT last_delivered_seq FROM conversation_members WHERE conversation_id = $1`, [conversation.id]);
    expect(rows.map((r) => Number(r.last_delivered_seq))).toEqual([0, 0, 0, 0]);
    expect(await pointerOf(conversation.id, bob)).toEqual({ userId: bob.id, lastReadSeq: 0, lastDeliveredSeq: 0 });
    expect(await alice.api.messageReceipts(conversation.id, message.id)).toMatchObject({ deliveryTracked: false, deliveredTo: [], readBy: [] });
  });

  it('answers bad acknowledgements and receipt requests with the contract’s errors', async () => {
    const conversation = await trio();
    const message = await say(conversation.id, 'private');
    const outsider = await signUp(server.url, 'outsider');
    const { conversation: open } = await alice.api.createConversation({ type: 'channel', name: `open-${randomUUID().slice(0, 8)}`, visibility: 'public' });
    const bobSocket = await socketOf(bob, []);
    const outsiderSocket = await socketOf(outsider, []);
    const refusal = (code: string) => ({ name: 'ChatApiError', body: { code, message: expect.any(String), hint: expect.any(String), requestId: expect.any(String) } });

    await expect(bobSocket.request('delivered', { conversationId: conversation.id, seq: -1 })).rejects.toMatchObject(refusal('VALIDATION_FAILED'));
    await expect(bobSocket.request('delivered', { conversationId: conversation.id, seq: 'two' as unknown as number })).rejects.toMatchObject(refusal('VALIDATION_FAILED'));
    await expect(bobSocket.request('delivered', { conversationId: 'not-a-uuid', seq: 1 })).rejects.toMatchObject(refusal('VALIDATION_FAILED'));
    await expect(bobSocket.request('delivered', { conversationId: randomUUID(), seq: 1 })).rejects.toMatchObject(refusal('CONVERSATION_NOT_FOUND'));
    await expect(outsiderSocket.request('delivered', { conversationId: conversation.id, seq: 1 })).rejects.toMatchObject(refusal('CONVERSATION_NOT_FOUND'));
    await expect(outsiderSocket.request('delivered', { conversationId: open.id, seq: 1 })).rejects.toMatchObject(refusal('NOT_A_MEMBER'));

    await expect(bob.api.markDelivered(conversation.id, -1)).rejects.toMatchObject({ status: 400, ...refusal('VALIDATION_FAILED') });
    await expect(outsider.api.markDelivered(conversation.id, 1)).rejects.toMatchObject({ status: 404, ...refusal('CONVERSATION_NOT_FOUND') });
    await expect(outsider.api.messageReceipts(conversation.id, message.id)).rejects.toMatchObject({ status: 404, ...refusal('CONVERSATION_NOT_FOUND') });
    await expect(bob.api.messageReceipts(conversation.id, randomUUID())).rejects.toMatchObject({ status: 404, ...refusal('MESSAGE_NOT_FOUND') });
    await expect(bob.api.messageReceipts(open.id, message.id)).rejects.toMatchObject({ status: 403, ...refusal('NOT_A_MEMBER') });
    const { conversation: other } = await bob.api.createConversation({ type: 'direct', memberIds: [carol.id] });
    await expect(bob.api.messageReceipts(other.id, message.id)).rejects.toMatchObject({ status: 404, ...refusal('MESSAGE_NOT_FOUND') });
  });
});

describe('delivery receipts: DELIVERY_RECEIPTS_MAX_PENDING', () => {
  let server: TestApp;
  const sockets: RealtimeClient[] = [];

  // A flush interval far longer than the test, so only the pending limit can make a write happen.
  beforeAll(async () => (server = await startTestApp(allInOne, { DELIVERY_RECEIPTS_FLUSH_MS: '10000', DELIVERY_RECEIPTS_MAX_PENDING: '2' })));
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await server?.close();
  });

  it('writes as soon as that many members wait, not at the next tick', async () => {
    const [alice, bob, carol] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob'), signUp(server.url, 'carol')]);
    const { conversation } = await alice.api.createConversation({ type: 'group', memberIds: [bob.id, carol.id] });
    await alice.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'hello' });
    const open = async (user: TestUser) => {
      const socket = await connect(server.url, user.auth.accessToken);
      sockets.push(socket);
      return socket;
    };
    const aliceSocket = await open(alice);
    await aliceSocket.request('conversation.join', { conversationId: conversation.id });
    const frames = record(aliceSocket, 'delivered');

    // One pending pair, below the limit: held.
    await (await open(bob)).request('delivered', { conversationId: conversation.id, seq: 1 });
    await sleep(1_000);
    expect(frames.frames).toEqual([]);
    // The second reaches it: both go out at once, in one frame.
    await (await open(carol)).request('delivered', { conversationId: conversation.id, seq: 1 });
    await frames.waitFor(1, 5_000);
    expect(frames.frames[0]!.pointers).toEqual(expect.arrayContaining([{ userId: bob.id, seq: 1 }, { userId: carol.id, seq: 1 }]));
  });
});

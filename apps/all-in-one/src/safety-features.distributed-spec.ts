import { randomUUID } from 'node:crypto';
import { DEFAULT_TENANT_ID, ErrorCode, type AuthResponse, type FeatureKey, type UpdateFeatureFlagRequest } from '@chat/contracts';
import { ChatApi, ChatApiError, E2ee, RealtimeClient } from '@chat/sdk';
import { eventually, eventuallyConnect, record, refusal, refusedHandshake, signUp, startSplitCluster, uniqueName, type SplitCluster, type TestUser } from '@chat/testing';

const FLUSH_MS = 200;
const FEATURE_CACHE_MS = 2_000;
const QUOTA_CACHE_SECONDS = 2;

/**
 * Delivery receipts, blocks, reports, E2EE and feature flags on the split deployment: command,
 * query and two gateways as real processes on Postgres, Kafka and Redis. The two parties of each
 * check sit on different gateways, writes go through the command process and Kafka, and frames
 * reach the other node only through the sharded Redis adapter. One cluster for the whole file.
 */
describe('safety and receipt features across processes', () => {
  const opsName = uniqueName('ops');
  let cluster: SplitCluster;
  let a: string;
  let b: string;
  /** The tenant's administrator (ADMIN_USERNAMES), logged in through gateway B. */
  let ops: ChatApi;
  let opsAuth: AuthResponse;
  const sockets: RealtimeClient[] = [];
  const open = async (url: string, user: Pick<TestUser, 'auth'>, options: { deviceId?: string; deliveryAcks?: { intervalMs: number } } = {}) => {
    const client = new RealtimeClient({ url, token: user.auth.accessToken, socket: { reconnection: false }, ...options });
    sockets.push(client);
    await client.connected();
    return client;
  };
  const joined = async (url: string, user: Pick<TestUser, 'auth'>, conversationId: string, options: Parameters<typeof open>[2] = {}) => {
    const client = await open(url, user, options);
    await client.request('conversation.join', { conversationId });
    return client;
  };
  /** The same login, calling the command process itself rather than a gateway. */
  const onCommand = (user: Pick<TestUser, 'auth'>) => new ChatApi({ baseUrl: cluster.url('command'), accessToken: user.auth.accessToken });
  const say = (from: TestUser, conversationId: string, body: string) => from.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body }).then((r) => r.message);

  beforeAll(async () => {
    cluster = await startSplitCluster({
      ADMIN_USERNAMES: opsName,
      DELIVERY_RECEIPTS_FLUSH_MS: String(FLUSH_MS),
      FEATURE_FLAGS_CACHE_MS: String(FEATURE_CACHE_MS),
      TENANT_QUOTA_CACHE_SECONDS: String(QUOTA_CACHE_SECONDS),
      // A typing entry outlives the test, so only a block (or a stop) can end it.
      TYPING_TTL_SECONDS: '60',
    });
    [a, b] = cluster.gateways;
    ops = new ChatApi({ baseUrl: b });
    opsAuth = await ops.register(opsName, 'Ops', 'password-123');
  }, 180_000);
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await cluster?.stop();
  });

  it('tells the sender on gateway A that a message reached the device of a recipient on gateway B', async () => {
    const [alice, bob] = await Promise.all([signUp(a, 'alice'), signUp(b, 'bob')]);
    const { conversation } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    const aliceSocket = await joined(a, alice, conversation.id);
    // Bob's SDK acknowledges the frames it receives by itself, through gateway B to the command process.
    await joined(b, bob, conversation.id, { deliveryAcks: { intervalMs: 100 } });
    const delivered = record(aliceSocket, 'delivered');
    const sent = [];
    for (let i = 1; i <= 3; i++) sent.push((await aliceSocket.request('message.send', { conversationId: conversation.id, clientMessageId: randomUUID(), body: `m${i}` })).message);

    await eventually(() => expect(delivered.frames.flatMap((f) => f.pointers)).toContainEqual({ userId: bob.id, seq: 3 }), { timeoutMs: 15_000 });
    expect(delivered.frames.every((f) => f.conversationId === conversation.id && f.pointers.every((p) => p.userId === bob.id))).toBe(true);
    // The query process reads the same pointer, through either gateway.
    expect(await alice.api.messageReceipts(conversation.id, sent[2]!.id)).toMatchObject({ deliveryTracked: true, deliveredTo: [{ userId: bob.id }], readBy: [], pending: [] });
    expect((await bob.api.readPointers(conversation.id)).reads).toContainEqual({ userId: bob.id, lastReadSeq: 0, lastDeliveredSeq: 3 });
  }, 60_000);

  it('a block made on the command process ends typing started on the other gateway, refuses direct messages; nothing reaches the blocker; unblocking restores both', async () => {
    const [alice, bob] = await Promise.all([signUp(a, 'alice'), signUp(b, 'bob')]);
    const { conversation } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    const aliceSocket = await joined(a, alice, conversation.id);
    const bobSocket = await joined(b, bob, conversation.id);
    const aliceMessages = record(aliceSocket, 'message.created');
    const aliceTyping = record(aliceSocket, 'typing');
    await bobSocket.request('message.send', { conversationId: conversation.id, clientMessageId: randomUUID(), body: 'before' });
    // A send ends the sender's typing when its event is handled, so a start must come after that.
    await aliceMessages.waitFor(1);
    await bobSocket.request('typing', { conversationId: conversation.id, isTyping: true });
    await eventually(() => expect(aliceTyping.frames.at(-1)?.userIds).toEqual([bob.id]), { timeoutMs: 10_000 });

    await onCommand(alice).block(bob.id);
    // Bob's typing, kept in Redis and announced from gateway B, ends at once (not after TYPING_TTL_SECONDS).
    await eventually(() => expect(aliceTyping.frames.at(-1)?.userIds).toEqual([]), { timeoutMs: 10_000 });
    const typingFramesAtBlock = aliceTyping.frames.length;

    const bySocket = await refusal(bobSocket.request('message.send', { conversationId: conversation.id, clientMessageId: randomUUID(), body: 'by socket' }));
    expect(bySocket.body).toMatchObject({ code: ErrorCode.CONTACT_BLOCKED });
    expect((await refusal(bob.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'by rest' }))).body).toMatchObject({ code: ErrorCode.CONTACT_BLOCKED });
    // The blocker cannot write either; the typing start is answered as usual and kept from her.
    expect((await refusal(alice.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'reply' }))).body).toMatchObject({ code: ErrorCode.CONTACT_BLOCKED });
    expect(await bobSocket.request('typing', { conversationId: conversation.id, isTyping: true })).toEqual({});

    await onCommand(alice).unblock(bob.id);
    const { message: after } = await bobSocket.request('message.send', { conversationId: conversation.id, clientMessageId: randomUUID(), body: 'after' });
    await eventually(() => expect(aliceMessages.frames.map((f) => f.message.body)).toEqual(['before', 'after']), { timeoutMs: 10_000 });
    await bobSocket.request('typing', { conversationId: conversation.id, isTyping: true });
    await eventually(() => expect(aliceTyping.frames.at(-1)?.userIds).toEqual([bob.id]), { timeoutMs: 10_000 });
    // Nothing was written while the block stood (the seq goes on from 1), and no typing frame named Bob meanwhile.
    expect(after.seq).toBe(2);
    expect(aliceTyping.frames.slice(typingFramesAtBlock, -1).filter((f) => f.userIds.length)).toEqual([]);
  }, 60_000);

  it("tells a conversation's moderators on the other gateway of a report, and the tenant's administrators of an escalated one", async () => {
    const [owner, moderator, reporter, troll, bystander] = await Promise.all(['owner', 'mod', 'reporter', 'troll', 'bystander'].map((n) => signUp(a, n)));
    const { conversation } = await owner.api.createConversation({ type: 'group', name: 'reported', memberIds: [moderator.id, reporter.id, troll.id, bystander.id] });
    await owner.api.changeRole(conversation.id, moderator.id, 'admin');
    // Moderators and the administrator on gateway A; the report comes in through gateway B.
    const [toOwner, toModerator, toBystander, toOps] = (await Promise.all([owner, moderator, bystander, { auth: opsAuth }].map((u) => open(a, u)))).map((s) => record(s, 'message.reported'));
    const reporterOnB = new ChatApi({ baseUrl: b, accessToken: reporter.auth.accessToken });

    const insult = await say(troll, conversation.id, 'you are all idiots');
    const { report } = await reporterOnB.reportMessage(conversation.id, insult.id, { reason: 'harassment' });
    expect(report).toMatchObject({ escalated: false, messageId: insult.id, reporterId: reporter.id });
    await Promise.all([toOwner.waitFor(1), toModerator.waitFor(1)]);
    expect(toOwner.frames[0].report).toEqual(report);
    expect(toModerator.frames[0].report).toEqual(report);

    // A direct conversation has nobody to act but the two: the administrators are told instead.
    const { conversation: direct } = await reporter.api.createConversation({ type: 'direct', memberIds: [troll.id] });
    const threat = await say(troll, direct.id, 'I know where you live');
    const { report: escalated } = await reporterOnB.reportMessage(direct.id, threat.id, { reason: 'harassment' });
    expect(escalated.escalated).toBe(true);
    await toOps.waitFor(1);
    expect(toOps.frames[0].report).toEqual(escalated);
    // Both reports went out before the administrator's frame arrived: nobody else heard of either.
    expect([toOwner.frames.length, toModerator.frames.length, toBystander.frames.length, toOps.frames.length]).toEqual([1, 1, 0, 1]);
    expect((await ops.tenantReports({ escalated: true })).reports.map((r) => r.id)).toEqual([escalated.id]);
  }, 60_000);

  describe('end-to-end encryption', () => {
    it('carries sealed messages and key changes between gateways, and refuses a send sealed with a stale key', async () => {
      const [alice, bob, carol] = await Promise.all([signUp(a, 'alice'), signUp(b, 'bob'), signUp(b, 'carol')]);
      const [aliceKeys, bobKeys, carolKeys] = await Promise.all([alice, bob, carol].map((u) => E2ee.setUp(u.api, u.id, `${u.auth.user.username}-phone`)));
      const group = (await aliceKeys.createConversation({ type: 'group', name: 'vault', memberIds: [bob.id, carol.id] })).id;
      // Devices registered through gateway B are the ones gateway A's caller wrapped the first key for.
      expect((await alice.api.e2eeDevices(group)).devices.map((d) => d.deviceId).sort()).toEqual([aliceKeys, bobKeys, carolKeys].map((k) => k.deviceId).sort());

      const aliceSocket = await joined(a, alice, group, { deviceId: aliceKeys.deviceId });
      const bobSocket = await joined(b, bob, group, { deviceId: bobKeys.deviceId });
      const bobMessages = record(bobSocket, 'message.created');
      const bobUpdates = record(bobSocket, 'conversation.updated');
      const bobLeft = record(bobSocket, 'member.left');
      const sealed = await aliceKeys.encrypt(group, 'the key is under the mat');
      await aliceSocket.request('message.send', { conversationId: group, clientMessageId: randomUUID(), body: sealed });
      await bobMessages.waitFor(1);
      expect(bobMessages.frames[0].message.body).toBe(sealed);
      expect(await bobKeys.decrypt(bobMessages.frames[0].message)).toBe('the key is under the mat');

      // A removal through gateway A: Bob on B hears of it, a new key is due, and his sends wait for it.
      const staleBody = await bobKeys.encrypt(group, 'sealed with version 1');
      await alice.api.kick(group, carol.id);
      await bobLeft.waitFor(1);
      expect(bobLeft.frames[0]).toMatchObject({ conversationId: group, userId: carol.id, reason: 'removed' });
      await eventually(async () => expect((await bob.api.listConversations()).conversations.find((c) => c.id === group)?.e2ee).toEqual({ keyVersion: 1, rotationRequired: true }), { timeoutMs: 10_000 });
      expect((await refusal(bobSocket.request('message.send', { conversationId: group, clientMessageId: randomUUID(), body: staleBody }))).body).toMatchObject({ code: ErrorCode.E2EE_ROTATION_REQUIRED });
      expect(await aliceKeys.rotate(group)).toBe(2);
      await eventually(() => expect(bobUpdates.frames.map((f) => f.conversation.e2ee)).toContainEqual({ keyVersion: 2, rotationRequired: false }), { timeoutMs: 10_000 });
      expect((await refusal(bobSocket.request('message.send', { conversationId: group, clientMessageId: randomUUID(), body: staleBody }))).body).toMatchObject({ code: ErrorCode.E2EE_KEY_VERSION_STALE });
      // The frame told Bob's client of version 2: it fetches its envelope, and its send goes through.
      await bobKeys.refresh(group);
      const { message: fresh } = await bobSocket.request('message.send', { conversationId: group, clientMessageId: randomUUID(), body: await bobKeys.encrypt(group, 'after the rotation') });
      expect(JSON.parse(fresh.body).keyVersion).toBe(2);
      // Carol's device got no envelope of version 2.
      expect((await refusal(carol.api.e2eeDevices(group))).status).toBe(404);
      await expect(carolKeys.decrypt(fresh)).rejects.toBeInstanceOf(ChatApiError);
    }, 60_000);

    it('shares the key with a device registered on the other gateway, and unlinking it there closes its socket and asks for a new key', async () => {
      const [alice, bob] = await Promise.all([signUp(a, 'alice'), signUp(b, 'bob')]);
      const [aliceKeys, bobKeys] = await Promise.all([E2ee.setUp(alice.api, alice.id, 'alice-phone'), E2ee.setUp(bob.api, bob.id, 'bob-phone')]);
      const group = (await aliceKeys.createConversation({ type: 'group', name: 'devices', memberIds: [bob.id] })).id;
      const aliceUpdates = record(await joined(a, alice, group, { deviceId: aliceKeys.deviceId }), 'conversation.updated');
      const secret = await aliceKeys.send(group, 'for every device of yours');

      // Bob's laptop: its own login, its key registered through gateway A, its socket on A.
      const laptopApi = new ChatApi({ baseUrl: a });
      const laptopAuth = await laptopApi.login(bob.auth.user.username, 'password-123');
      const laptop = await E2ee.setUp(laptopApi, bob.id, 'bob-laptop');
      await bobKeys.shareWithNewDevices(group);
      expect(await laptop.decrypt(secret)).toBe('for every device of yours');

      const laptopSocket = await joined(a, { auth: laptopAuth }, group, { deviceId: 'bob-laptop' });
      const closed = new Promise<string>((resolve) => laptopSocket.socket.on('disconnect', resolve));
      await bob.api.unlinkDevice('bob-laptop');
      expect(await closed).toBe('io server disconnect');
      await eventually(() => expect(aliceUpdates.frames.map((f) => f.conversation.e2ee)).toContainEqual({ keyVersion: 1, rotationRequired: true }), { timeoutMs: 10_000 });
      expect(await refusal(laptopApi.myDevices())).toMatchObject({ status: 401, body: { code: ErrorCode.TOKEN_REVOKED } });
      const next = await aliceKeys.send(group, 'without the laptop');
      expect(JSON.parse(next.body).keyVersion).toBe(2);
      expect((await alice.api.e2eeDevices(group)).devices.map((d) => d.deviceId).sort()).toEqual(['alice-phone', 'bob-phone']);
    }, 60_000);
  });

  describe('feature flags and tenant quotas', () => {
    /** Changed on the command process itself, not through a gateway. */
    const setFlag = (key: FeatureKey, body: UpdateFeatureFlagRequest) => onCommand({ auth: opsAuth }).setFeatureFlag(key, body);

    afterAll(async () => {
      await setFlag('typing-indicators', { enabled: true });
      await setFlag('message-reactions', { enabled: true });
      await onCommand({ auth: opsAuth }).setTenantQuotas(DEFAULT_TENANT_ID, { connections: null });
    });

    it('a flag turned off on the command process is enforced by both gateways and the query process within FEATURE_FLAGS_CACHE_MS; turned on, it works again', async () => {
      const [alice, bob] = await Promise.all([signUp(a, 'alice'), signUp(b, 'bob')]);
      const { conversation } = await alice.api.createConversation({ type: 'group', name: 'flags', memberIds: [bob.id] });
      const message = await say(alice, conversation.id, 'react to me');
      const aliceSocket = await joined(a, alice, conversation.id);
      const bobSocket = await joined(b, bob, conversation.id);
      const aliceTyping = record(aliceSocket, 'typing');
      const aliceMessages = record(aliceSocket, 'message.created');
      const typing = (socket: RealtimeClient, isTyping = true) => socket.request('typing', { conversationId: conversation.id, isTyping });
      const onQuery = new ChatApi({ baseUrl: cluster.url('query'), accessToken: bob.auth.accessToken });
      // Both gateways and the query process have read the tenant's flags, so each holds them in its cache.
      await Promise.all([typing(aliceSocket, false), typing(bobSocket, false)]);
      expect((await onQuery.myFeatures()).features['typing-indicators']).toBe(true);

      const turnedOff = Date.now();
      await setFlag('typing-indicators', { enabled: false });
      await setFlag('message-reactions', { enabled: false });
      // The command process made the change: it refuses a reaction (forwarded by gateway B) at once.
      expect((await refusal(bob.api.react(conversation.id, message.id, '👍'))).body).toMatchObject({ code: ErrorCode.FEATURE_DISABLED });
      const bound = FEATURE_CACHE_MS + 3_000;
      await eventually(async () => expect((await refusal(typing(bobSocket))).body).toMatchObject({ code: ErrorCode.FEATURE_DISABLED }), { timeoutMs: bound, intervalMs: 200 });
      await eventually(async () => expect((await refusal(typing(aliceSocket))).body).toMatchObject({ code: ErrorCode.FEATURE_DISABLED }), { timeoutMs: bound, intervalMs: 200 });
      await eventually(async () => expect((await onQuery.myFeatures()).features['typing-indicators']).toBe(false), { timeoutMs: bound, intervalMs: 200 });
      expect(Date.now() - turnedOff).toBeLessThan(bound);
      // Sending is never gated.
      expect((await bobSocket.request('message.send', { conversationId: conversation.id, clientMessageId: randomUUID(), body: 'still here' })).message.body).toBe('still here');

      await setFlag('typing-indicators', { enabled: true });
      await setFlag('message-reactions', { enabled: true });
      expect((await bob.api.react(conversation.id, message.id, '👍')).reactions).toEqual({ '👍': 1 });
      await aliceMessages.waitFor(1); // the send's event ends Bob's typing: start after it
      await eventually(async () => expect(await typing(bobSocket)).toEqual({}), { timeoutMs: bound, intervalMs: 200 });
      await eventually(() => expect(aliceTyping.frames.at(-1)?.userIds).toEqual([bob.id]), { timeoutMs: 10_000 });
    }, 60_000);

    it("a tenant's connection quota set on the command process holds on the gateways within TENANT_QUOTA_CACHE_SECONDS; lifted, sockets are let in again", async () => {
      // Every socket counts in the tenant's pool (shared in Redis), limit or not: start from none.
      sockets.splice(0).forEach((s) => s.close());
      await eventually(async () => expect((await ops.tenantUsage()).quotas.connections.used).toBe(0), { timeoutMs: 10_000, intervalMs: 200 });
      const [alice, bob] = await Promise.all([signUp(a, 'alice'), signUp(b, 'bob')]);
      const operator = onCommand({ auth: opsAuth });

      expect((await operator.setTenantQuotas(DEFAULT_TENANT_ID, { connections: 1 })).limits.connections).toBe(1);
      await open(a, alice);
      const bound = QUOTA_CACHE_SECONDS * 1000 + 3_000;
      const refused = await eventually(async () => (await refusedHandshake(b, bob.auth.accessToken)).body, { timeoutMs: bound, intervalMs: 200 });
      expect(refused).toMatchObject({ code: ErrorCode.TENANT_QUOTA_EXCEEDED, details: [{ quota: 'connections', limit: 1 }] });
      expect((await refusedHandshake(a, bob.auth.accessToken)).body).toMatchObject({ code: ErrorCode.TENANT_QUOTA_EXCEEDED });

      await operator.setTenantQuotas(DEFAULT_TENANT_ID, { connections: null });
      sockets.push(await eventuallyConnect(b, bob.auth.accessToken, bound));
      await eventually(async () => expect((await ops.tenantUsage()).quotas.connections).toMatchObject({ source: 'default', used: 2 }), { timeoutMs: bound, intervalMs: 200 });
    }, 60_000);
  });
});

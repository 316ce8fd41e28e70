import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ReadModelRebuild } from '@chat/conversations';
import { base32Decode, totpCode } from '@chat/identity';
import { ErrorCode, type ApiErrorBody, type DevicePublicJwk, type Message } from '@chat/contracts';
import { ChatApi, ChatApiError, E2ee, E2eeKeyUnavailableError, RealtimeClient, WrongPassphraseError, encryptBody, newConversationKey, wrapKey } from '@chat/sdk';
import { eventually, record, signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const word = (prefix: string) => `${prefix}${randomUUID().slice(0, 8)}`;
/** A well-formed envelope no device can open: for the refusals that come before any decryption. */
const bogusEnvelope = async (keyVersion: number) => encryptBody(await newConversationKey(), 'x', { conversationId: 'c', senderId: 's', keyVersion });

/** Resolves with the error the call failed with (and fails the test when it succeeds). */
async function refusal(call: Promise<unknown>): Promise<{ status: number; body: ApiErrorBody }> {
  const err = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ChatApiError)) throw new Error(`expected a refusal, got ${String(err)}`);
  expect(err.body).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String), hint: expect.any(String), requestId: expect.any(String) }));
  return { status: err.status, body: err.body };
}

/**
 * End-to-end encrypted conversations (seed 003 R20) on the embedded platform, with SDK clients
 * doing the crypto: the server only ever holds ciphertext, searches refuse, membership changes
 * force a new key, newcomers read only what came after them, and a passphrase backup brings a
 * device back.
 */
describe('end-to-end encrypted conversations', () => {
  let server: TestApp;
  let db: DataSource;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let dave: TestUser;
  let keys: Record<'alice' | 'bob' | 'carol' | 'dave', E2ee>;
  const sockets: RealtimeClient[] = [];

  beforeAll(async () => {
    server = await startTestApp(allInOne, { E2EE_DEVICE_KEYS_MAX: '2', E2EE_BACKUP_MAX_BYTES: '4096', E2EE_MESSAGE_MAX_CHARS: '2000' });
    db = server.app.get(DataSource);
    [alice, bob, carol, dave] = await Promise.all(['alice', 'bob', 'carol', 'dave'].map((n) => signUp(server.url, n)));
    const [a, b, c, d] = await Promise.all([alice, bob, carol, dave].map((u, i) => E2ee.setUp(u.api, u.id, `device-${i}`)));
    keys = { alice: a, bob: b, carol: c, dave: d };
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await server?.close();
  });

  async function socketOf(user: TestUser, e2ee: E2ee, conversationId: string): Promise<RealtimeClient> {
    const client = new RealtimeClient({ url: server.url, token: user.auth.accessToken, deviceId: e2ee.deviceId, socket: { reconnection: false } });
    sockets.push(client);
    await client.connected();
    await client.request('conversation.join', { conversationId });
    return client;
  }

  /**
   * Waits for a `conversation.updated` frame with this key state. An earlier change's frame (the
   * conversation's creation, its first key) can still reach a socket that joined after it, so the
   * first frame is not necessarily the one a step caused (it was not, once, on a loaded CI box).
   */
  const updatedTo = (updates: ReturnType<typeof record<'conversation.updated'>>, id: string, e2ee: { keyVersion: number; rotationRequired: boolean }) =>
    eventually(() => expect(updates.frames.map((f) => f.conversation)).toContainEqual(expect.objectContaining({ id, e2ee })));

  const stored = async (conversationId: string): Promise<string[]> =>
    (await db.query(`SELECT body FROM messages WHERE conversation_id = $1 ORDER BY seq`, [conversationId])).map((r: { body: string }) => r.body);

  it('is for groups and direct conversations only', async () => {
    const channel = await refusal(alice.api.createConversation({ type: 'channel', name: word('e2ee-'), e2ee: true }));
    expect(channel).toMatchObject({ status: 400, body: { code: ErrorCode.E2EE_NOT_SUPPORTED } });
    const direct = await keys.alice.createConversation({ type: 'direct', memberIds: [bob.id] });
    const plainDirect = (await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] })).conversation;
    expect(direct.id).not.toBe(plainDirect.id);
    expect(plainDirect.e2ee).toBeUndefined();
    expect((await bob.api.getConversation(direct.id)).conversation.e2ee).toEqual({ keyVersion: 1, rotationRequired: false });
  });

  describe('a group of three, then four', () => {
    let group: string;
    const early = word('earlysecret');
    const later = word('latersecret');
    const latest = word('latestsecret');
    const sent: Record<string, Message> = {};

    beforeAll(async () => {
      const created = await keys.alice.createConversation({ type: 'group', name: 'vault', memberIds: [bob.id, carol.id] });
      group = created.id;
      expect(created.e2ee).toEqual({ keyVersion: 0, rotationRequired: true });
    });

    it('distributes the first key to every member device, and each device gets only its own envelope', async () => {
      expect((await carol.api.getConversation(group)).conversation.e2ee).toEqual({ keyVersion: 1, rotationRequired: false });
      const devices = await bob.api.e2eeDevices(group);
      expect(devices.devices.map((d) => d.userId).sort()).toEqual([alice.id, bob.id, carol.id].sort());
      const mine = await bob.api.myKeyEnvelopes(group, keys.bob.deviceId);
      expect(mine.envelopes).toEqual([expect.objectContaining({ keyVersion: 1, recipientUserId: bob.id, recipientDeviceId: keys.bob.deviceId, senderUserId: alice.id })]);
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM conversation_key_envelopes WHERE conversation_id = $1`, [group]);
      expect(n).toBe(3);
    });

    it('carries ciphertext over sockets that only members decrypt, and the server stores nothing readable', async () => {
      const [bobSocket, carolSocket, aliceSocket] = [await socketOf(bob, keys.bob, group), await socketOf(carol, keys.carol, group), await socketOf(alice, keys.alice, group)];
      const [bobFrames, carolFrames] = [record(bobSocket, 'message.created'), record(carolSocket, 'message.created')];
      const body = await keys.alice.encrypt(group, `the ${early} is under the mat`);
      const { message } = await aliceSocket.request('message.send', { conversationId: group, clientMessageId: randomUUID(), body });
      sent.early = message;
      expect(message.body).toBe(body);
      await Promise.all([bobFrames.waitFor(1), carolFrames.waitFor(1)]);
      expect(await keys.bob.decrypt(bobFrames.frames[0].message)).toBe(`the ${early} is under the mat`);
      expect(await keys.carol.decrypt(carolFrames.frames[0].message)).toBe(`the ${early} is under the mat`);

      // Every place a body could land: the table, the search rows, the events, the notification queue.
      await eventually(async () => {
        const [{ pending }] = await db.query(`SELECT count(*)::int AS pending FROM outbox WHERE aggregate_id = $1 AND published_at IS NULL`, [group]);
        expect(pending).toBe(0);
      });
      expect(await stored(group)).toEqual([body]);
      const leaks = await db.query(
        `SELECT 'messages' AS place FROM messages WHERE body LIKE $1
         UNION ALL SELECT 'search_messages' FROM search_messages s WHERE s::text LIKE $1 OR s.conversation_id = $2
         UNION ALL SELECT 'outbox' FROM outbox WHERE payload::text LIKE $1
         UNION ALL SELECT 'notification_queue' FROM notification_queue q WHERE to_jsonb(q)::text LIKE $1`,
        [`%${early}%`, group],
      );
      expect(leaks).toEqual([]);
      const [{ ciphertext }] = await db.query(`SELECT count(*)::int AS ciphertext FROM outbox WHERE aggregate_id = $1 AND payload->'message'->>'body' = $2`, [group, body]);
      expect(ciphertext).toBe(1);
    });

    it('refuses server search of the conversation and finds the message in client search', async () => {
      const scoped = await refusal(bob.api.search({ q: early, conversationId: group }));
      expect(scoped).toMatchObject({ status: 400, body: { code: ErrorCode.E2EE_SEARCH_UNAVAILABLE } });
      expect((await bob.api.search({ q: early })).hits).toEqual([]);
      expect(keys.bob.search(early).map((h) => h.message.id)).toEqual([sent.early.id]);
      expect(keys.bob.search(early, group)[0].text).toContain('under the mat');
    });

    it('refuses plaintext, malformed envelopes, attachments, and ciphertext where no encryption is on', async () => {
      const send = (body: string, conversationId = group, extra = {}) => alice.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body, ...extra });
      expect(await refusal(send('hello in clear'))).toMatchObject({ status: 400, body: { code: ErrorCode.E2EE_CIPHERTEXT_REQUIRED } });
      const malformed = await refusal(send(JSON.stringify({ v: 1, keyVersion: 1, iv: 'short', ct: 'AAAA' })));
      expect(malformed).toMatchObject({ status: 400, body: { code: ErrorCode.E2EE_CIPHERTEXT_REQUIRED } });
      expect(malformed.body.message).toContain('iv must be 12 bytes');
      const withFile = await refusal(send(await keys.alice.encrypt(group, 'x'), group, { attachments: [{ name: 'a.txt', contentType: 'text/plain', size: 1 }] }));
      expect(withFile).toMatchObject({ status: 400, body: { code: ErrorCode.VALIDATION_FAILED, details: [{ field: 'attachments', problem: expect.stringContaining('end-to-end encrypted') }] } });
      const tooLong = await refusal(send(await keys.alice.encrypt(group, 'y'.repeat(1500))));
      expect(tooLong).toMatchObject({ status: 400, body: { code: ErrorCode.VALIDATION_FAILED, details: [{ field: 'body', problem: 'must be at most 2000 characters' }] } });
      const plainGroup = (await alice.api.createConversation({ type: 'group', name: 'open', memberIds: [bob.id] })).conversation.id;
      expect(await refusal(send(await bogusEnvelope(1), plainGroup))).toMatchObject({ status: 400, body: { code: ErrorCode.E2EE_NOT_ENABLED } });
      expect((await send('plain text still works', plainGroup)).message.body).toBe('plain text still works');
      expect(await refusal(alice.api.editMessage(group, sent.early.id, 'edited in clear'))).toMatchObject({ status: 400, body: { code: ErrorCode.E2EE_CIPHERTEXT_REQUIRED } });
      const edited = await alice.api.editMessage(group, sent.early.id, await keys.alice.encrypt(group, `the ${early} moved`));
      expect(await keys.bob.decrypt(edited.message)).toBe(`the ${early} moved`);
      expect(await stored(group)).toEqual([edited.message.body]);
    });

    it('refuses key envelopes that leave a member device out, name strangers, or skip versions, and outsiders', async () => {
      const { devices } = await alice.api.e2eeDevices(group);
      const envelope = devices.find((d) => d.userId === alice.id)!;
      const partial = await refusal(alice.api.distributeKey(group, { keyVersion: 2, senderDeviceId: keys.alice.deviceId, envelopes: [await wrapFor(envelope.publicKey, alice.id, envelope.deviceId, 2)] }));
      expect(partial).toMatchObject({ status: 400, body: { code: ErrorCode.E2EE_ENVELOPES_INCOMPLETE } });
      const unregistered = await refusal(alice.api.distributeKey(group, { keyVersion: 2, senderDeviceId: 'not-registered', envelopes: [] }));
      expect(unregistered).toMatchObject({ status: 409, body: { code: ErrorCode.E2EE_DEVICE_KEY_MISSING } });
      const skipped = await refusal(alice.api.distributeKey(group, { keyVersion: 5, senderDeviceId: keys.alice.deviceId, envelopes: [] }));
      expect(skipped).toMatchObject({ status: 409, body: { code: ErrorCode.E2EE_KEY_VERSION_STALE } });
      const stranger = await refusal(
        alice.api.distributeKey(group, { keyVersion: 1, senderDeviceId: keys.alice.deviceId, envelopes: [await wrapFor(envelope.publicKey, dave.id, keys.dave.deviceId, 1)] }),
      );
      expect(stranger).toMatchObject({ status: 400, body: { code: ErrorCode.E2EE_ENVELOPES_INCOMPLETE } });
      const malformed = await refusal(alice.api.distributeKey(group, { keyVersion: 2, senderDeviceId: keys.alice.deviceId, envelopes: [{ recipientUserId: bob.id } as never] }));
      expect(malformed).toMatchObject({ status: 400, body: { code: ErrorCode.VALIDATION_FAILED } });
      const outsiders = [
        () => dave.api.e2eeDevices(group),
        () => dave.api.myKeyEnvelopes(group, keys.dave.deviceId),
        () => dave.api.distributeKey(group, { keyVersion: 2, senderDeviceId: keys.dave.deviceId, envelopes: [] }),
      ];
      for (const call of outsiders) expect(await refusal(call())).toMatchObject({ status: 404, body: { code: ErrorCode.CONVERSATION_NOT_FOUND } });
      expect(await refusal(dave.api.sendMessage(group, { clientMessageId: randomUUID(), body: await bogusEnvelope(1) }))).toMatchObject({ status: 404 });
      expect((await alice.api.getConversation(group)).conversation.e2ee).toEqual({ keyVersion: 1, rotationRequired: false });
    });

    it('after a removal, refuses sends until a new key is out, and the removed member cannot read what follows', async () => {
      await alice.api.kick(group, carol.id);
      expect((await alice.api.getConversation(group)).conversation.e2ee).toEqual({ keyVersion: 1, rotationRequired: true });
      await eventually(async () => expect((await bob.api.listConversations()).conversations.find((c) => c.id === group)?.e2ee).toEqual({ keyVersion: 1, rotationRequired: true }));
      const staleBody = await keys.alice.encrypt(group, 'before the rotation');
      expect(await refusal(alice.api.sendMessage(group, { clientMessageId: randomUUID(), body: staleBody }))).toMatchObject({ status: 409, body: { code: ErrorCode.E2EE_ROTATION_REQUIRED } });
      const bobSocket = await socketOf(bob, keys.bob, group);
      const updates = record(bobSocket, 'conversation.updated');
      expect(await keys.alice.rotate(group)).toBe(2);
      await updatedTo(updates, group, { keyVersion: 2, rotationRequired: false });
      expect(await refusal(alice.api.sendMessage(group, { clientMessageId: randomUUID(), body: staleBody }))).toMatchObject({ status: 409, body: { code: ErrorCode.E2EE_KEY_VERSION_STALE } });
      const recipients = await db.query(`SELECT recipient_user_id AS "userId" FROM conversation_key_envelopes WHERE conversation_id = $1 AND key_version = 2`, [group]);
      expect(recipients.map((r: { userId: string }) => r.userId).sort()).toEqual([alice.id, bob.id].sort());

      sent.later = await keys.alice.send(group, `the ${later} is in the attic`);
      expect(await keys.bob.decrypt(sent.later)).toBe(`the ${later} is in the attic`);
      // Carol saw v1 and kept her device, yet the v2 body opens for no key she could get.
      await expect(keys.carol.decrypt(sent.later)).rejects.toBeInstanceOf(ChatApiError);
      expect(await refusal(carol.api.myKeyEnvelopes(group, keys.carol.deviceId))).toMatchObject({ status: 404 });
    });

    it('lets a newcomer read what comes after they joined and nothing from before', async () => {
      await alice.api.invite(group, dave.id);
      // Bob's client holds v2 as current: its send is refused, it makes v3 for all four and sends again.
      sent.latest = await keys.bob.send(group, `the ${latest} is with dave`);
      expect(JSON.parse(sent.latest.body).keyVersion).toBe(3);
      expect(await keys.dave.decrypt(sent.latest)).toBe(`the ${latest} is with dave`);
      const { messages } = await dave.api.history(group);
      const older = messages.filter((m) => m.seq < sent.latest.seq);
      expect(older.map((m) => JSON.parse(m.body).keyVersion)).toEqual([1, 2]);
      for (const m of older) await expect(keys.dave.decrypt(m)).rejects.toBeInstanceOf(E2eeKeyUnavailableError);
      expect(keys.dave.search(early)).toEqual([]);
      expect(keys.dave.search(latest).map((h) => h.message.id)).toEqual([sent.latest.id]);
    });

    it('gives a member\'s new device the current key from another of their devices, replacing no envelope', async () => {
      const laptop = await E2ee.setUp(bob.api, bob.id, 'bob-laptop');
      await expect(laptop.decrypt(sent.latest)).rejects.toBeInstanceOf(E2eeKeyUnavailableError);
      const envelopesOf = () => db.query(`SELECT recipient_device_id AS device, wrapped_key AS key FROM conversation_key_envelopes WHERE conversation_id = $1 AND key_version = 3 ORDER BY 1`, [group]);
      const before = await envelopesOf();
      await keys.bob.shareWithNewDevices(group);
      expect(await envelopesOf()).toEqual([...before, { device: 'bob-laptop', key: expect.any(String) }].sort((a, b) => (a.device < b.device ? -1 : 1)));
      expect(await laptop.decrypt(sent.latest)).toBe(`the ${latest} is with dave`);
      await expect(laptop.decrypt(sent.early)).rejects.toBeInstanceOf(E2eeKeyUnavailableError);
      // Listed conversations carry the E2EE state too.
      await eventually(async () => expect((await bob.api.listConversations()).conversations.find((c) => c.id === group)?.e2ee).toEqual({ keyVersion: 3, rotationRequired: false }));
    });

    it('brings a lost device back from the passphrase backup, with its whole history', async () => {
      await keys.bob.backUp('tulip orbit canyon 42', 100_000);
      const backup = await bob.api.keyBackup();
      expect(backup).toMatchObject({ status: 'stored', recoveryNotice: expect.stringContaining('cannot recover your history') });
      expect(backup.blob).not.toContain(keys.bob.deviceId);

      const newDevice = new ChatApi({ baseUrl: server.url });
      await newDevice.login(bob.auth.user.username, 'password-123');
      await expect(E2ee.restore(newDevice, bob.id, 'tulip orbit canyon 41')).rejects.toBeInstanceOf(WrongPassphraseError);
      const restored = await E2ee.restore(newDevice, bob.id, 'tulip orbit canyon 42');
      expect(restored.deviceId).toBe(keys.bob.deviceId);
      const { messages } = await newDevice.history(group);
      expect(await Promise.all(messages.map((m) => restored.decrypt(m)))).toEqual([`the ${early} moved`, `the ${later} is in the attic`, `the ${latest} is with dave`]);
    });

    it('rebuilds the listed E2EE state from the tables exactly as the events built it', async () => {
      await alice.api.kick(group, dave.id); // a rotation is due again: the live flag comes from the member event
      const listed = async () => (await db.query(`SELECT e2ee FROM rm_conversations WHERE conversation_id = $1`, [group]))[0].e2ee;
      await eventually(async () => expect(await listed()).toEqual({ keyVersion: 3, rotationRequired: true }));
      await server.app.get(ReadModelRebuild).rebuild();
      expect(await listed()).toEqual({ keyVersion: 3, rotationRequired: true });
    });

    it('records an opt-out and tells plainly what cannot be recovered', async () => {
      const optedOut = await carol.api.optOutOfKeyBackup();
      expect(optedOut).toMatchObject({ status: 'opted-out', blob: null, recoveryNotice: expect.stringContaining('no key backup') });
      expect((await carol.api.keyBackup()).status).toBe('opted-out');
      await expect(E2ee.restore(carol.api, carol.id, 'anything')).rejects.toThrow('cannot recover your history');
      expect((await dave.api.keyBackup()).status).toBe('none');
      expect(await refusal(dave.api.deleteKeyBackup())).toMatchObject({ status: 404, body: { code: ErrorCode.E2EE_BACKUP_NOT_FOUND } });
    });

    it('quotes the message a reply answers as its ciphertext, which the members\' devices open, and names whom it mentions in clear', async () => {
      const reply = await keys.bob.send(group, 'on my way up', randomUUID(), { replyTo: sent.later.id, mentions: [alice.id] });
      expect(reply.replyTo).toEqual({ seq: sent.later.seq, deleted: false, id: sent.later.id, senderId: alice.id, body: sent.later.body, attachmentCount: 0 });
      expect(reply.mentions).toEqual([alice.id]);
      const inHistory = (await alice.api.history(group)).messages.find((m) => m.id === reply.id)!;
      expect(await keys.alice.decryptQuote(group, inHistory.replyTo!)).toBe(`the ${later} is in the attic`);
      expect(await keys.alice.decrypt(inHistory)).toBe('on my way up');
    });
  });

  describe('unlinking a device', () => {
    const devicesOf = async (user: TestUser) => (await user.api.myDevices()).devices.map((d) => `${d.userId === user.id ? '' : 'NOT MINE '}${d.deviceId}`).sort();
    const envelopeDevices = async (conversationId: string, keyVersion: number): Promise<string[]> =>
      (await db.query(`SELECT recipient_device_id AS d FROM conversation_key_envelopes WHERE conversation_id = $1 AND key_version = $2 ORDER BY 1`, [conversationId, keyVersion])).map((r: { d: string }) => r.d);

    it('lists only my devices; unlinking one drops its key and envelopes, the next key leaves it out, and a device can take its place', async () => {
      const [frank, gina] = await Promise.all([signUp(server.url, 'frank'), signUp(server.url, 'gina')]);
      const phone = await E2ee.setUp(frank.api, frank.id, 'frank-phone');
      await E2ee.setUp(frank.api, frank.id, 'frank-laptop');
      const ginas = await E2ee.setUp(gina.api, gina.id, 'gina-1');
      expect(await devicesOf(frank)).toEqual(['frank-laptop', 'frank-phone']);
      expect(await devicesOf(gina)).toEqual(['gina-1']);
      expect((await frank.api.myDevices()).devices[0]).toEqual({ userId: frank.id, deviceId: expect.any(String), publicKey: expect.objectContaining({ kty: 'EC', crv: 'P-256' }), createdAt: expect.any(String) });
      expect(await refusal(E2ee.setUp(frank.api, frank.id, 'frank-tablet'))).toMatchObject({ status: 409, body: { code: ErrorCode.E2EE_DEVICE_KEYS_FULL, hint: expect.stringContaining('DELETE /v1/me/devices/:deviceId') } });

      const { id: group } = await ginas.createConversation({ type: 'group', name: 'unlinked', memberIds: [frank.id] });
      expect(await envelopeDevices(group, 1)).toEqual(['frank-laptop', 'frank-phone', 'gina-1']);
      const updates = record(await socketOf(gina, ginas, group), 'conversation.updated');

      // Another user's device is not theirs to see or unlink; ids that are not ids are refused.
      expect(await refusal(gina.api.unlinkDevice('frank-laptop'))).toMatchObject({ status: 404, body: { code: ErrorCode.E2EE_DEVICE_NOT_FOUND } });
      expect(await refusal(frank.api.unlinkDevice('frank-watch'))).toMatchObject({ status: 404, body: { code: ErrorCode.E2EE_DEVICE_NOT_FOUND } });
      expect(await refusal(frank.api.unlinkDevice('bad id!'))).toMatchObject({ status: 400, body: { code: ErrorCode.VALIDATION_FAILED } });

      await frank.api.unlinkDevice('frank-laptop');
      expect(await devicesOf(frank)).toEqual(['frank-phone']);
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM conversation_key_envelopes WHERE recipient_device_id = 'frank-laptop'`);
      expect(n).toBe(0);
      // The laptop held the current key: members are told a new one is due, and sends wait for it.
      expect((await gina.api.getConversation(group)).conversation.e2ee).toEqual({ keyVersion: 1, rotationRequired: true });
      await updatedTo(updates, group, { keyVersion: 1, rotationRequired: true });
      await eventually(async () => expect((await frank.api.listConversations()).conversations.find((c) => c.id === group)?.e2ee).toEqual({ keyVersion: 1, rotationRequired: true }));
      const devices = await gina.api.e2eeDevices(group);
      expect(devices.devices.map((d) => d.deviceId).sort()).toEqual(['frank-phone', 'gina-1']);
      const sent = await ginas.send(group, 'after the laptop was lost');
      expect(JSON.parse(sent.body).keyVersion).toBe(2);
      expect(await envelopeDevices(group, 2)).toEqual(['frank-phone', 'gina-1']);
      expect(await phone.decrypt(sent)).toBe('after the laptop was lost');

      // Its place is free again; unlinking a device that never got the current key asks for no new one.
      await E2ee.setUp(frank.api, frank.id, 'frank-tablet');
      await frank.api.unlinkDevice('frank-tablet');
      expect((await gina.api.getConversation(group)).conversation.e2ee).toEqual({ keyVersion: 2, rotationRequired: false });
      await E2ee.setUp(frank.api, frank.id, 'frank-tablet');
      expect(await devicesOf(frank)).toEqual(['frank-phone', 'frank-tablet']);
    });

    it('asks for the second factor when two-step login is on', async () => {
      const harry = await signUp(server.url, 'harry');
      await E2ee.setUp(harry.api, harry.id, 'harry-old');
      const { secret } = await harry.api.enrolMfa();
      const codeAt = (ms: number) => totpCode(base32Decode(secret), Math.floor(ms / 30_000));
      await harry.api.confirmMfa(codeAt(Date.now()));
      expect(await refusal(harry.api.unlinkDevice('harry-old'))).toMatchObject({ status: 401, body: { code: ErrorCode.MFA_REQUIRED } });
      expect(await refusal(harry.api.unlinkDevice('harry-old', '000000'))).toMatchObject({ status: 401, body: { code: ErrorCode.INVALID_MFA_CODE } });
      expect(await devicesOf(harry)).toEqual(['harry-old']);
      // The confirming code's step is spent: the next one is accepted (one step either side).
      await harry.api.unlinkDevice('harry-old', codeAt(Date.now() + 30_000));
      expect(await devicesOf(harry)).toEqual([]);
    });

    it('ends the login a device registered its key from (tokens refused, sockets closed), never the caller\'s own, and a new login binds again', async () => {
      const ivy = await signUp(server.url, 'ivy');
      const username = ivy.auth.user.username;
      const loginOf = async (api: ChatApi): Promise<string> => (await api.sessions()).sessions.find((s) => s.current)!.id;
      const boundLogin = async (deviceId: string): Promise<string | null> =>
        (await db.query(`SELECT session_id AS s FROM e2ee_device_keys WHERE user_id = $1 AND device_id = $2`, [ivy.id, deviceId]))[0]?.s;
      const socketFor = async (token: string, deviceId: string) => {
        const client = new RealtimeClient({ url: server.url, token, deviceId, socket: { reconnection: false } });
        sockets.push(client);
        await client.connected();
        return { client, closed: new Promise<string>((resolve) => client.socket.on('disconnect', resolve)) };
      };
      const stillServed = async (api: ChatApi, socket: RealtimeClient) => {
        await expect(api.me()).resolves.toMatchObject({ user: { id: ivy.id } });
        expect(socket.socket.connected).toBe(true);
      };
      const loginA = await loginOf(ivy.api);
      await E2ee.setUp(ivy.api, ivy.id, 'ivy-a');
      const a = await socketFor(ivy.auth.accessToken, 'ivy-a');

      // Login B, on another device, registers that device's key: the key is bound to login B.
      const phone = new ChatApi({ baseUrl: server.url });
      const loginB = await phone.login(username, 'password-123');
      await E2ee.setUp(phone, ivy.id, 'ivy-b');
      const phoneLogin = await loginOf(phone);
      expect(await boundLogin('ivy-a')).toBe(loginA);
      expect(await boundLogin('ivy-b')).toBe(phoneLogin);
      const b = await socketFor(loginB.accessToken, 'ivy-b');

      await ivy.api.unlinkDevice('ivy-b');
      expect(await refusal(phone.me())).toMatchObject({ status: 401, body: { code: ErrorCode.TOKEN_REVOKED } });
      expect((await refusal(new ChatApi({ baseUrl: server.url }).refresh(loginB.refreshToken))).status).toBe(401);
      expect(await b.closed).toBe('io server disconnect');
      const [ended] = await db.query(`SELECT revoked_reason AS reason FROM auth_sessions WHERE id = $1`, [phoneLogin]);
      expect(ended).toEqual({ reason: 'device-unlinked' });
      await stillServed(ivy.api, a.client);
      expect((await ivy.api.sessions()).sessions.map((s) => s.id)).toEqual([loginA]);

      // Logged in again, the device registers again: the new login is the one bound, and unlinking ends it.
      const again = new ChatApi({ baseUrl: server.url });
      const loginC = await again.login(username, 'password-123');
      await E2ee.setUp(again, ivy.id, 'ivy-b');
      expect(await boundLogin('ivy-b')).toBe(await loginOf(again));
      const c = await socketFor(loginC.accessToken, 'ivy-b');
      await ivy.api.unlinkDevice('ivy-b');
      expect(await refusal(again.me())).toMatchObject({ status: 401, body: { code: ErrorCode.TOKEN_REVOKED } });
      expect(await c.closed).toBe('io server disconnect');
      await stillServed(ivy.api, a.client);

      // A device bound to the caller's own login (a browser restored from a backup lists the id it
      // started under): its key goes, the login stays. A key from before logins were recorded ends none.
      await E2ee.setUp(ivy.api, ivy.id, 'ivy-a-before-restore');
      expect(await boundLogin('ivy-a-before-restore')).toBe(loginA);
      await ivy.api.unlinkDevice('ivy-a-before-restore');
      await stillServed(ivy.api, a.client);
      const laptop = new ChatApi({ baseUrl: server.url });
      await laptop.login(username, 'password-123');
      await E2ee.setUp(laptop, ivy.id, 'ivy-legacy');
      await db.query(`UPDATE e2ee_device_keys SET session_id = NULL WHERE user_id = $1 AND device_id = 'ivy-legacy'`, [ivy.id]);
      await ivy.api.unlinkDevice('ivy-legacy');
      expect(await devicesOf(ivy)).toEqual(['ivy-a']);
      await expect(laptop.me()).resolves.toMatchObject({ user: { id: ivy.id } });
      await stillServed(ivy.api, a.client);
    });

    it('retires a device\'s old key when it registers a different one, and lets no other login in force swap it', async () => {
      const [jack, kim] = await Promise.all([signUp(server.url, 'jack'), signUp(server.url, 'kim')]);
      const jackA = await E2ee.setUp(jack.api, jack.id, 'jack-a');
      const kims = await E2ee.setUp(kim.api, kim.id, 'kim-1');
      const { id: group } = await kims.createConversation({ type: 'group', name: 'swapped', memberIds: [jack.id] });
      const registered = async () => (await jack.api.myDevices()).devices.find((d) => d.deviceId === 'jack-a')!.publicKey;
      const firstKey = await registered();
      const updates = record(await socketOf(kim, kims, group), 'conversation.updated');

      // Another login of Jack's, in force, may not put its own key under the id the first login's device uses...
      const phone = new ChatApi({ baseUrl: server.url });
      await phone.login(jack.auth.user.username, 'password-123');
      expect(await refusal(E2ee.setUp(phone, jack.id, 'jack-a'))).toMatchObject({ status: 409, body: { code: ErrorCode.E2EE_DEVICE_ID_TAKEN, hint: expect.stringContaining('DELETE /v1/me/devices/:deviceId') } });
      expect(await registered()).toEqual(firstKey);
      expect(await envelopeDevices(group, 1)).toEqual(['jack-a', 'kim-1']);
      // ...but the same key (that device, logged in anew) only binds it, and asks for no new conversation key.
      await phone.registerDeviceKey('jack-a', firstKey);
      expect((await kim.api.getConversation(group)).conversation.e2ee).toEqual({ keyVersion: 1, rotationRequired: false });

      // Once that login ends, a new key under the id retires the old one as unlinking would.
      await phone.logout();
      const jackB = await E2ee.setUp(jack.api, jack.id, 'jack-a');
      expect(await registered()).not.toEqual(firstKey);
      expect(await envelopeDevices(group, 1)).toEqual(['kim-1']);
      expect((await kim.api.getConversation(group)).conversation.e2ee).toEqual({ keyVersion: 1, rotationRequired: true });
      await updatedTo(updates, group, { keyVersion: 1, rotationRequired: true });
      const sent = await kims.send(group, 'for the new key only');
      expect(JSON.parse(sent.body).keyVersion).toBe(2);
      expect(await jackB.decrypt(sent)).toBe('for the new key only');
      // The old key opens nothing of it: its envelope is wrapped for the new one.
      await expect(jackA.decrypt(sent)).rejects.toThrow();
    });
  });

  it('erases a deleted account\'s device keys, backup and the keys wrapped for it', async () => {
    const erin = await signUp(server.url, 'erin');
    const device = await E2ee.setUp(erin.api, erin.id, 'erin-phone');
    await device.backUp('erin passphrase', 100_000);
    await device.createConversation({ type: 'group', name: 'short-lived', memberIds: [alice.id] });
    const owned = `SELECT (SELECT count(*) FROM e2ee_device_keys WHERE user_id = $1) + (SELECT count(*) FROM e2ee_key_backups WHERE user_id = $1)
                        + (SELECT count(*) FROM conversation_key_envelopes WHERE recipient_user_id = $1) AS n`;
    expect(Number((await db.query(owned, [erin.id]))[0].n)).toBe(3);
    await erin.api.deleteAccount('password-123');
    expect(Number((await db.query(owned, [erin.id]))[0].n)).toBe(0);
  });

  it('holds device keys and backups to their configured limits, and refuses private keys and points off the curve', async () => {
    const user = await signUp(server.url, 'limits');
    await E2ee.setUp(user.api, user.id, 'one');
    await E2ee.setUp(user.api, user.id, 'two');
    await E2ee.setUp(user.api, user.id, 'two'); // replacing a device's key is no new device
    expect(await refusal(E2ee.setUp(user.api, user.id, 'three'))).toMatchObject({ status: 409, body: { code: ErrorCode.E2EE_DEVICE_KEYS_FULL } });
    const jwk = { kty: 'EC' as const, crv: 'P-256' as const, x: 'A'.repeat(43), y: 'A'.repeat(43) };
    expect(await refusal(user.api.registerDeviceKey('one', { ...jwk, d: 'A'.repeat(43) } as never))).toMatchObject({ status: 400, body: { code: ErrorCode.VALIDATION_FAILED } });
    expect(await refusal(user.api.registerDeviceKey('bad id!', jwk))).toMatchObject({ status: 400 });
    // Right-sized coordinates of no point on the curve: every other member's client would fail to wrap a key for it, and nobody could send.
    expect(await refusal(user.api.registerDeviceKey('one', jwk))).toMatchObject({ status: 400, body: { code: ErrorCode.VALIDATION_FAILED, details: [{ field: 'publicKey', problem: 'must be a point on curve P-256' }] } });
    expect(await refusal(user.api.putKeyBackup('x'.repeat(4097)))).toMatchObject({ status: 400, body: { code: ErrorCode.VALIDATION_FAILED } });
    expect((await user.api.putKeyBackup('x'.repeat(4096))).status).toBe('stored');
  });
});

/** A fresh key wrapped for one device, as a misbehaving client would send it alone. */
async function wrapFor(publicKey: DevicePublicJwk, userId: string, deviceId: string, keyVersion: number) {
  return wrapKey(await newConversationKey(), publicKey, { conversationId: 'c', keyVersion, recipientUserId: userId, recipientDeviceId: deviceId });
}

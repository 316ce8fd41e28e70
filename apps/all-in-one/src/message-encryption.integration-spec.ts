import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { Message } from '@chat/contracts';
import { ReadModelRebuild } from '@chat/conversations';
import { MessageBodies, MessageBodyCipher, MessageBodyReencryption } from '@chat/persistence';
import { ChatApi } from '@chat/sdk';
import { generateVAPIDKeys } from 'web-push';
import { TEST_ENV, TestPushService, connect, eventually, refusal, signUp, sleep, startTestApp, uniqueName, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const run = promisify(execFile);
const key = () => randomBytes(32).toString('base64');
const KEY_A = `a:${key()}`;
const KEY_B = `b-2:${key()}`;

/** Seed 004 R6.1: message bodies are encrypted at rest with the operator's MESSAGE_ENCRYPTION_KEYS; every reader gets them in clear. */
describe('message bodies encrypted at rest', () => {
  const adminName = uniqueName('ops');
  let server: TestApp;
  let admin: ChatApi;
  let alice: TestUser;
  let bob: TestUser;
  let conversationId: string;
  let legacy: Message;

  const db = () => server.app.get(DataSource);
  /** Stops the app and starts it again on the same database with these keys; the clients follow it to its new port, still logged in. */
  const restart = async (keys: string | null) => {
    await server.close();
    await startOn(server.databaseUrl, keys);
  };
  const startOn = async (databaseUrl: string, keys: string | null) => {
    server = await startTestApp(allInOne, { ADMIN_USERNAMES: adminName, DATABASE_URL: databaseUrl, ...(keys && { MESSAGE_ENCRYPTION_KEYS: keys }) });
    const follow = (api: ChatApi) => new ChatApi({ baseUrl: server.url, accessToken: api.accessToken! });
    admin = follow(admin);
    alice = { ...alice, api: follow(alice.api) };
    bob = { ...bob, api: follow(bob.api) };
  };
  const say = (from: TestUser, body: string) => from.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body }).then((r) => r.message);
  const stored = async (): Promise<{ id: string; body: string }[]> => db().query(`SELECT id, body FROM messages WHERE conversation_id = $1 ORDER BY seq`, [conversationId]);
  const storedBody = async (id: string): Promise<string> => (await db().query(`SELECT body FROM messages WHERE id = $1`, [id]))[0].body;
  const history = async () => (await alice.api.history(conversationId, { limit: 500 })).messages.map((m) => m.body);

  beforeAll(async () => {
    // Before encryption was turned on: this message is stored as sent.
    server = await startTestApp(allInOne, { ADMIN_USERNAMES: adminName });
    admin = new ChatApi({ baseUrl: server.url });
    await admin.register(adminName, 'Ops', 'password-123');
    [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
    conversationId = (await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] })).conversation.id;
    legacy = await say(alice, 'written before encryption');
    expect(await storedBody(legacy.id)).toBe('written before encryption');
    await restart(KEY_A);
  });
  afterAll(() => server?.close());

  it('stores no plaintext, while history, socket sync, edits, search, the conversation list, reports and exports read it in clear', async () => {
    const secret = await say(alice, 'the secret plan 🔐 is at dawn');
    const socket = await connect(server.url, bob.auth.accessToken);
    try {
      const sent = await socket.request('message.send', { conversationId, clientMessageId: randomUUID(), body: 'bob agrees over the socket' });
      expect(sent.message.body).toBe('bob agrees over the socket');

      const rows = await stored();
      expect(rows.map((r) => r.body)).toEqual(['written before encryption', expect.stringMatching(/^enc1:a:[A-Za-z0-9+/]+=*$/), expect.stringMatching(/^enc1:a:/)]);
      expect(rows.some((r) => /secret|plan|dawn|agrees/.test(r.body))).toBe(false);

      expect(await history()).toEqual(['written before encryption', 'the secret plan 🔐 is at dawn', 'bob agrees over the socket']);
      const synced = await socket.request('sync', { conversationId, afterSeq: 0 });
      expect(synced.messages.map((m) => m.body)).toEqual(['written before encryption', 'the secret plan 🔐 is at dawn', 'bob agrees over the socket']);
    } finally {
      socket.close();
    }

    const { message: edited } = await alice.api.editMessage(conversationId, secret.id, 'the secret plan moved to noon');
    expect(edited.body).toBe('the secret plan moved to noon');
    expect(await storedBody(secret.id)).toMatch(/^enc1:a:/);
    expect(await storedBody(secret.id)).not.toContain('noon');
    expect((await history())[1]).toBe('the secret plan moved to noon');

    await eventually(async () => expect((await alice.api.search({ q: 'noon' })).hits.map((h) => h.message.body)).toEqual(['the secret plan moved to noon']));

    // The conversation list's preview, projected from events and rebuilt from the table alike.
    const preview = async () => (await alice.api.allConversations()).find((c) => c.id === conversationId)?.lastMessage?.body;
    await eventually(async () => expect(await preview()).toBe('bob agrees over the socket'));
    await server.app.get(ReadModelRebuild).rebuild();
    expect(await preview()).toBe('bob agrees over the socket');

    // A report in a direct conversation goes to the tenant's administrators, with the message's text.
    const { report } = await bob.api.reportMessage(conversationId, secret.id, { reason: 'spam' });
    expect((await admin.tenantReports({ escalated: true })).reports.find((r) => r.id === report.id)?.messageBody).toBe('the secret plan moved to noon');

    const res = await fetch(`${server.url}/v1/me/export`, { headers: { authorization: `Bearer ${alice.auth.accessToken}` } });
    const exported = (await res.json()) as { messages: { id: string; body: string }[] };
    expect(exported.messages.map((m) => m.body)).toEqual(['written before encryption', 'the secret plan moved to noon']);
  });

  it('answers a body that was altered, or moved to another row, with an error (500, logged), never with the stored text', async () => {
    const [first, second] = [await say(alice, 'first of two'), await say(alice, 'second of two')];
    const original = await storedBody(second.id);
    const bytes = Buffer.from(original.split(':')[2], 'base64');
    bytes[20] ^= 1;
    try {
      await db().query(`UPDATE messages SET body = $2 WHERE id = $1`, [second.id, `enc1:a:${bytes.toString('base64')}`]);
      expect(await refusal(alice.api.history(conversationId))).toMatchObject({ status: 500, code: 'INTERNAL' });
      await db().query(`UPDATE messages SET body = $2 WHERE id = $1`, [second.id, await storedBody(first.id)]);
      expect(await refusal(alice.api.history(conversationId))).toMatchObject({ status: 500, code: 'INTERNAL' });
    } finally {
      await db().query(`UPDATE messages SET body = $2 WHERE id = $1`, [second.id, original]);
    }
    expect((await history()).slice(-2)).toEqual(['first of two', 'second of two']);

    // Its sender can still delete one whose body no longer opens: a deletion erases the body unread.
    const doomed = await say(alice, 'about to be damaged');
    await db().query(`UPDATE messages SET body = $2 WHERE id = $1`, [doomed.id, await storedBody(first.id)]);
    await alice.api.deleteMessage(conversationId, doomed.id);
    expect(await storedBody(doomed.id)).toBe('');
    expect((await alice.api.history(conversationId)).messages.find((m) => m.id === doomed.id)).toMatchObject({ body: '', deletedAt: expect.any(String) });
  });

  it('never undoes an edit committed while a re-encryption pass holds the old body', async () => {
    // A body from before encryption (plaintext), which a pass seals.
    const message = await say(alice, 'will be edited');
    await db().query(`UPDATE messages SET body = 'will be edited' WHERE id = $1`, [message.id]);
    const editor = new Client({ connectionString: server.databaseUrl });
    await editor.connect();
    try {
      await editor.query('BEGIN');
      await editor.query(`SELECT 1 FROM messages WHERE id = $1 FOR UPDATE`, [message.id]);
      const pass = new MessageBodyReencryption(db(), server.app.get(MessageBodyCipher), server.app.get(MessageBodies)).run({ batchSize: 500 });
      // The pass's write waits for the edit's row lock...
      await eventually(async () => {
        const [{ n }] = await db().query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE messages m SET body = v.sealed%'`);
        expect(n).toBe(1);
      });
      await editor.query(`UPDATE messages SET body = $2, version = version + 1, edited_at = now() WHERE id = $1`, [message.id, server.app.get(MessageBodyCipher).seal('edited meanwhile', message.id)]);
      await editor.query('COMMIT');
      // ... then finds the body it read gone and leaves the row as the edit wrote it.
      expect(await pass).toMatchObject({ changed: 1, unreadable: 0 });
    } finally {
      await editor.end();
    }
    expect((await alice.api.history(conversationId)).messages.find((m) => m.id === message.id)?.body).toBe('edited meanwhile');
    expect(await storedBody(message.id)).toMatch(/^enc1:a:/);
    // The one from before encryption was sealed by that pass.
    expect(await storedBody(legacy.id)).toMatch(/^enc1:a:/);
  });

  it('rotates: a new first key seals new bodies, the old one still opens, and messages:reencrypt moves every row to the new key', async () => {
    await restart(`${KEY_B},${KEY_A}`);
    const fresh = await say(bob, 'after the rotation');
    expect(await storedBody(fresh.id)).toMatch(/^enc1:b-2:/);
    const before = await history();
    expect(before.slice(0, 2)).toEqual(['written before encryption', 'the secret plan moved to noon']);
    // A body a user typed to look sealed is sealed like any other.
    const lookalike = await say(alice, 'enc1:a:AAAA');

    // The command, as an operator runs it, beside the running app; pages of 2 rows.
    const { stdout } = await run('node', [path.resolve(__dirname, '../../../scripts/run-app.js'), 'messages-reencrypt', '--batch-size', '2'], {
      env: { ...process.env, ...TEST_ENV, DATABASE_URL: server.databaseUrl, MESSAGE_ENCRYPTION_KEYS: `${KEY_B},${KEY_A}`, LOG_LEVEL: 'error' },
      timeout: 60_000,
    });
    const done = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(done).toMatchObject({ event: 'message.bodies.reencrypt.done', keyId: 'b-2', unreadable: 0 });
    expect(done.resealed).toBeGreaterThanOrEqual(6);

    const rows = (await stored()).filter((r) => r.body !== '');
    expect(rows.every((r) => r.body.startsWith('enc1:b-2:'))).toBe(true);
    expect(rows.some((r) => r.id === legacy.id)).toBe(true);
    expect(await history()).toEqual([...before, 'enc1:a:AAAA']);
    expect((await alice.api.history(conversationId)).messages.find((m) => m.id === lookalike.id)?.body).toBe('enc1:a:AAAA');

    // Nothing needs key a any more: the app starts without it and reads everything.
    await restart(KEY_B);
    expect(await history()).toEqual([...before, 'enc1:a:AAAA']);
  });

  it('refuses to start without a key some stored body is sealed with, naming its id', async () => {
    const databaseUrl = server.databaseUrl;
    await server.close();
    await expect(startTestApp(allInOne, { DATABASE_URL: databaseUrl, MESSAGE_ENCRYPTION_KEYS: `c:${key()}` })).rejects.toThrow(
      'Stored message bodies are sealed with key id(s) "b-2", missing from MESSAGE_ENCRYPTION_KEYS',
    );
    await expect(startTestApp(allInOne, { DATABASE_URL: databaseUrl })).rejects.toThrow('"b-2", missing from MESSAGE_ENCRYPTION_KEYS');
    await startOn(databaseUrl, KEY_B);
    expect((await history()).slice(0, 2)).toEqual(['written before encryption', 'the secret plan moved to noon']);
  });
});

/** Notifications are built from the stored row: its sealed body is opened for the preview, and one that does not open sends nothing. */
describe('notifications of messages encrypted at rest', () => {
  const vapid = generateVAPIDKeys();
  let server: TestApp;
  let push: TestPushService;

  beforeAll(async () => {
    push = await new TestPushService().start();
    server = await startTestApp(allInOne, {
      MESSAGE_ENCRYPTION_KEYS: KEY_A,
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      VAPID_SUBJECT: 'mailto:ops@example.com',
      PUSH_ALLOW_HTTP_ENDPOINTS: 'true',
      // Long enough to alter a row between its send and its notification on a loaded machine.
      NOTIFICATION_DELAY_MS: '1500',
      NOTIFICATION_POLL_INTERVAL_MS: '50',
    });
  });
  afterAll(async () => {
    await server?.close();
    await push?.close();
  });

  it('pushes the text of a sealed body, and nothing for one that does not open, dropping its queued notification', async () => {
    const db = server.app.get(DataSource);
    const [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
    const browser = push.browser();
    await bob.api.registerPushSubscription(browser.subscription);
    const { conversation } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    const { message } = await alice.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'sealed but readable' });
    expect((await db.query(`SELECT body FROM messages WHERE id = $1`, [message.id]))[0].body).toMatch(/^enc1:a:/);
    await eventually(() => expect(push.to(browser)).toHaveLength(1));
    expect(browser.decrypt(push.to(browser)[0].body)).toMatchObject({ body: 'sealed but readable', count: 1 });

    const { message: damaged } = await alice.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'about to be damaged' });
    // Moved from another row: it does not open here.
    await db.query(`UPDATE messages SET body = (SELECT body FROM messages WHERE id = $2) WHERE id = $1`, [damaged.id, message.id]);
    await eventually(async () => expect(await db.query(`SELECT 1 FROM notification_queue WHERE message_id = $1`, [damaged.id])).toEqual([]));
    await sleep(300);
    expect(push.to(browser)).toHaveLength(1);
  });
});

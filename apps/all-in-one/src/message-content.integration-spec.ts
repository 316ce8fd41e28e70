import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { Message } from '@chat/contracts';
import { ReadModelRebuild } from '@chat/conversations';
import { MESSAGE_CONTENT_STORE, MessageBodies, MessageBodyCipher, MessageBodyReencryption, MessageContentDeletions, MessageContentOffload } from '@chat/persistence';
import { TEST_ENV, eventually, pauseProcess, refusal, signUp, startS3Server, startTestApp, type S3Server, type TestApp, type TestUser } from '@chat/testing';
import { ChatApi } from '@chat/sdk';
import { allInOne } from './definition';

const run = promisify(execFile);
const RUN_APP = path.resolve(__dirname, '../../../scripts/run-app.js');

const KEY_A = `a:${randomBytes(32).toString('base64')}`;
const KEY_B = `b:${randomBytes(32).toString('base64')}`;
const DAY_MS = 86_400_000;
const BATCH = 3;

/**
 * Seed 004 R12.3: the content of old messages moves to object storage while their metadata stays
 * in SQL (MESSAGE_CONTENT_OFFLOAD_AFTER_DAYS, MessageContentOffload), against a real S3Proxy. Every
 * reader still gets the text; edits, deletions and purges delete the objects they leave behind; a
 * round that fails leaves its rows as they were and no object for good.
 */
describe('message content offloaded to object storage', () => {
  let s3: S3Server;
  let server: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let conversationId: string;
  const sent: Message[] = [];

  const db = () => server.app.get(DataSource);
  const offload = () => server.app.get(MessageContentOffload);
  /** Rounds as if the messages were two days old (the limit is one day), until none is left. */
  const offloadAll = async () => {
    const rounds = [];
    for (let more = true; more; ) {
      const round = await offload().round(new Date(Date.now() + 2 * DAY_MS));
      rounds.push(round);
      more = round.more;
    }
    return rounds;
  };
  const rows = async (): Promise<{ id: string; seq: number; body: string; content_key: string | null; tenant_id: string; version: number }[]> =>
    db().query(`SELECT id, seq::int, body, content_key, tenant_id, version FROM messages WHERE conversation_id = $1 ORDER BY seq`, [conversationId]);
  const objects = () => s3.objectKeys('chat/message-content/');
  const objectText = async (key: string) => (await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `chat/message-content/${key}` }))).Body!.transformToString();
  const history = async () => (await alice.api.history(conversationId, { limit: 100 })).messages.map((m) => m.body);
  /** The rounds ran two days ahead, so their progress is past any message sent since: start again from the first. */
  const rewind = () => db().query(`UPDATE message_content_offload SET through_id = '00000000-0000-0000-0000-000000000000'`);
  const drainAll = async () => {
    // Entries queued with a grace (an offload round's intents) become due now.
    await db().query(`UPDATE message_content_deletions SET not_before = now()`);
    return server.app.get(MessageContentDeletions).drain();
  };

  beforeAll(async () => {
    s3 = await startS3Server();
    server = await startTestApp(allInOne, {
      ...s3.env,
      MEDIA_S3_KEY_PREFIX: 'chat/',
      MESSAGE_ENCRYPTION_KEYS: KEY_A,
      MESSAGE_CONTENT_OFFLOAD_AFTER_DAYS: '1',
      MESSAGE_CONTENT_OFFLOAD_BATCH_SIZE: String(BATCH),
    });
    [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
    conversationId = (await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] })).conversation.id;
    for (const [i, body] of ['first', 'zweite Nachricht ✓', 'third', 'fourth 🔐', 'fifth', 'sixth', 'seventh'].entries()) {
      sent.push((await (i % 2 ? bob : alice).api.sendMessage(conversationId, { clientMessageId: randomUUID(), body })).message);
    }
  });
  afterAll(async () => {
    await server?.close();
    await s3?.stop();
  });

  it('moves bodies older than the limit to the bucket, MESSAGE_CONTENT_OFFLOAD_BATCH_SIZE rows a round, keeping only the sealed header in the row', async () => {
    // Nothing is old yet.
    expect(await offload().round(new Date())).toMatchObject({ offloaded: 0, more: false });
    expect(await objects()).toEqual([]);

    const rounds = await offloadAll();
    expect(rounds.map((r) => r.offloaded)).toEqual([3, 3, 1]);
    const stored = await rows();
    expect(stored.map((r) => r.body)).toEqual(Array(7).fill('enc1:a:'));
    expect(stored.map((r) => r.content_key)).toEqual(stored.map((r) => `${r.tenant_id}/${r.id}.1`));
    expect(await objects()).toEqual(stored.map((r) => `chat/message-content/${r.content_key}`).sort());
    // The object is the body as it was stored: sealed, nothing of the text in clear.
    const object = await objectText(stored[1].content_key!);
    expect(object).toMatch(/^enc1:a:[A-Za-z0-9+/]+=*$/);
    expect(server.app.get(MessageBodyCipher).open(object, stored[1].id)).toBe('zweite Nachricht ✓');
    // No intent is left queued, and running again moves nothing.
    expect(await db().query(`SELECT key FROM message_content_deletions`)).toEqual([]);
    expect(await offloadAll()).toEqual([{ offloaded: 0, changed: 0, more: false }]);
  });

  it('serves history, the rebuilt conversation list, reports and exports from the bucket', async () => {
    expect(await history()).toEqual(sent.map((m) => m.body));
    const page = await alice.api.history(conversationId, { before: 6, limit: 2 });
    expect(page.messages.map((m) => [m.seq, m.body])).toEqual([
      [4, 'fourth 🔐'],
      [5, 'fifth'],
    ]);

    await server.app.get(ReadModelRebuild).rebuild();
    expect((await alice.api.allConversations()).find((c) => c.id === conversationId)?.lastMessage?.body).toBe('seventh');

    const res = await fetch(`${server.url}/v1/me/export`, { headers: { authorization: `Bearer ${alice.auth.accessToken}` } });
    const exported = ((await res.json()) as { messages: Record<string, unknown>[] }).messages;
    expect(exported.map((m) => m.body)).toEqual(['first', 'third', 'fifth', 'seventh']);
    // Where a body is kept is not the account's data.
    expect(exported.every((m) => !('contentKey' in m))).toBe(true);
  });

  it('deletes the object once an edit, a deletion or a purge leaves it behind, and reads the edit from the row', async () => {
    const before = await rows();
    await alice.api.editMessage(conversationId, sent[0].id, 'first, edited');
    await bob.api.deleteMessage(conversationId, sent[1].id);
    await db().query(`DELETE FROM messages WHERE id = $1`, [sent[2].id]);

    const after = await rows();
    expect(after[0]).toMatchObject({ content_key: null, body: expect.stringMatching(/^enc1:a:.{20,}/) });
    expect(after[1]).toMatchObject({ content_key: null, body: '' });
    const released = before.slice(0, 3).map((r) => r.content_key).sort();
    expect((await db().query(`SELECT key FROM message_content_deletions ORDER BY key`)).map((r: { key: string }) => r.key)).toEqual(released);

    expect(await server.app.get(MessageContentDeletions).drain()).toBe(3);
    expect(await objects()).toEqual(after.slice(2).map((r) => `chat/message-content/${r.content_key}`).sort());
    expect((await history()).slice(0, 3)).toEqual(['first, edited', '', 'fourth 🔐']);
  });

  it('never takes a row edited while its round wrote the object: the edit stays, the object goes', async () => {
    const message = (await alice.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: 'about to be edited mid-round' })).message;
    await rewind();
    const editor = new Client({ connectionString: server.databaseUrl });
    await editor.connect();
    try {
      await editor.query('BEGIN');
      await editor.query(`SELECT 1 FROM messages WHERE id = $1 FOR UPDATE`, [message.id]);
      const round = offloadAll();
      // The round's UPDATE waits for the edit's row lock...
      await eventually(async () => {
        const [{ n }] = await db().query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE messages m SET body = v.stub%'`);
        expect(n).toBe(1);
      });
      await editor.query(`UPDATE messages SET body = $2, version = version + 1, edited_at = now() WHERE id = $1`, [message.id, server.app.get(MessageBodyCipher).seal('edited meanwhile', message.id)]);
      await editor.query('COMMIT');
      await round;
    } finally {
      await editor.end();
    }
    const [row] = await db().query(`SELECT content_key FROM messages WHERE id = $1`, [message.id]);
    expect(row.content_key).toBeNull();
    expect((await history()).at(-1)).toBe('edited meanwhile');
    // Its object is queued, and goes once its grace has passed.
    expect(await drainAll()).toBeGreaterThanOrEqual(1);
    expect((await objects()).some((k) => k.includes(message.id))).toBe(false);
  });

  it('queues the object of a body stored as sent when its row is tombstoned (the header is empty then)', async () => {
    const message = (await alice.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: 'plain' })).message;
    // As an offload round leaves a body stored as sent (encryption off): nothing in the row but the key.
    await db().query(`UPDATE messages SET body = '', content_key = $2 WHERE id = $1`, [message.id, `t/${message.id}.1`]);
    await db().query(`UPDATE messages SET body = '', deleted_at = now() WHERE id = $1`, [message.id]);
    expect(await db().query(`SELECT content_key FROM messages WHERE id = $1`, [message.id])).toEqual([{ content_key: null }]);
    expect(await db().query(`SELECT key FROM message_content_deletions WHERE key = $1`, [`t/${message.id}.1`])).toHaveLength(1);
    await drainAll();
  });

  it('leaves its rows untouched and its objects queued for deletion when the store fails mid-round; the next round finishes', async () => {
    const later = await alice.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: 'sent while the store is down' });
    await rewind();
    await pauseProcess(s3.process);
    try {
      await expect(offload().round(new Date(Date.now() + 2 * DAY_MS))).rejects.toThrow();
      // A read of an offloaded body fails like an unreadable one: a 500 in the contract's shape, no crash.
      expect(await refusal(alice.api.history(conversationId))).toMatchObject({ status: 500, code: 'INTERNAL' });
    } finally {
      s3.process.kill('SIGCONT');
    }
    const [row] = await db().query(`SELECT body, content_key FROM messages WHERE id = $1`, [later.message.id]);
    expect(row).toMatchObject({ content_key: null, body: expect.stringMatching(/^enc1:a:.{20,}/) });
    // Every row the round read (this one, and those edited above, whose bodies are in their rows again) has its object queued for later.
    const inTable = (await rows()).filter((r) => r.content_key === null && r.body !== '');
    expect(inTable.map((r) => r.id)).toContain(later.message.id);
    const intents: { key: string; later: boolean }[] = await db().query(`SELECT key, not_before > now() AS later FROM message_content_deletions ORDER BY key`);
    expect(intents).toEqual(inTable.map((r) => ({ key: `${r.tenant_id}/${r.id}.${r.version}`, later: true })).sort((a, b) => a.key.localeCompare(b.key)));

    expect((await offloadAll()).reduce((n, r) => n + r.offloaded, 0)).toBe(inTable.length);
    expect(await db().query(`SELECT key FROM message_content_deletions`)).toEqual([]);
    expect((await history()).at(-1)).toBe('sent while the store is down');
  });

  it('re-encrypts offloaded bodies under a new key, and the pass moves them out again sealed with it', async () => {
    const cipher = new MessageBodyCipher([
      { id: 'b', key: Buffer.from(KEY_B.slice(2), 'base64') },
      { id: 'a', key: Buffer.from(KEY_A.slice(2), 'base64') },
    ]);
    await drainAll();
    const offloaded = (await rows()).filter((r) => r.content_key !== null);
    const outcome = await new MessageBodyReencryption(db(), cipher, new MessageBodies(cipher, server.app.get(MESSAGE_CONTENT_STORE))).run({ batchSize: 500 });
    expect(outcome.unreadable).toBe(0);
    const resealed = await rows();
    expect(resealed.filter((r) => r.content_key !== null)).toEqual([]);
    expect(resealed.filter((r) => r.body !== '').every((r) => r.body.startsWith('enc1:b:') && r.body.length > 20)).toBe(true);
    expect(await drainAll()).toBe(offloaded.length);
    expect(await objects()).toEqual([]);

    // The pass was sent back to the first: it offloads them again (and the edited one it had passed), the header naming key b.
    const live = resealed.filter((r) => r.body !== '').length;
    expect((await offloadAll()).reduce((n, r) => n + r.offloaded, 0)).toBe(live);
    expect((await rows()).filter((r) => r.content_key !== null).map((r) => r.body)).toEqual(Array(live).fill('enc1:b:'));
  });

  it('counts what it moved and deleted, and refuses to start an app without the bucket once bodies are in it', async () => {
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(Number(/^chat_message_content_offloaded_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(0);
    expect(Number(/^chat_message_content_deleted_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThan(0);
    expect(metrics).toMatch(/^chat_message_content_deletions_overdue 0$/m);

    await expect(startTestApp(allInOne, { DATABASE_URL: server.databaseUrl, MESSAGE_ENCRYPTION_KEYS: `${KEY_B},${KEY_A}` })).rejects.toMatchObject({
      name: 'MissingMessageContentStoreError',
      message: expect.stringMatching(/message bodies were moved to the media bucket .* MEDIA_STORAGE=s3/),
    });
  });

  it('brings every body back into the table with messages:inline-content, after which an app starts without the bucket', async () => {
    const inline = (env: Record<string, string>) =>
      run('node', [RUN_APP, 'messages-inline-content', '--batch-size', '2'], { env: { ...process.env, ...TEST_ENV, ...s3.env, MEDIA_S3_KEY_PREFIX: 'chat/', DATABASE_URL: server.databaseUrl, LOG_LEVEL: 'error', ...env }, timeout: 60_000 });
    await expect(inline({ MESSAGE_CONTENT_OFFLOAD_AFTER_DAYS: '1' })).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('MESSAGE_CONTENT_OFFLOAD_AFTER_DAYS must be 0') });

    const offloaded = (await rows()).filter((r) => r.content_key !== null);
    expect(offloaded.length).toBeGreaterThan(2);
    // The running app's minute drain may take some of the deletions (each object is locked by one of them): together they delete each once.
    const deletedByApp = async () => Number(/^chat_message_content_deleted_total (\d+)/m.exec(await (await fetch(`${server.url}/metrics`)).text())?.[1]);
    const appDeletedBefore = await deletedByApp();
    const { stdout } = await inline({ MESSAGE_CONTENT_OFFLOAD_AFTER_DAYS: '0' });
    const outcome = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(outcome).toMatchObject({ inlined: offloaded.length, changed: 0, unreadable: 0, complete: true });
    expect(outcome.objectsDeleted + (await deletedByApp()) - appDeletedBefore).toBe(offloaded.length);
    expect((await rows()).filter((r) => r.content_key !== null || /^enc1:b:$/.test(r.body))).toEqual([]);
    expect(await objects()).toEqual([]);
    expect(await db().query(`SELECT * FROM message_content_offload`)).toEqual([]);

    const without = await startTestApp(allInOne, { DATABASE_URL: server.databaseUrl, MESSAGE_ENCRYPTION_KEYS: `${KEY_B},${KEY_A}` });
    try {
      const reader = new ChatApi({ baseUrl: without.url, accessToken: alice.api.accessToken! });
      // Everything this spec sent, as the tests above left it (two deleted), read from the table alone.
      expect((await reader.history(conversationId, { limit: 100 })).messages.map((m) => m.body)).toEqual([
        'first, edited',
        '',
        'fourth 🔐',
        'fifth',
        'sixth',
        'seventh',
        'edited meanwhile',
        '',
        'sent while the store is down',
      ]);
    } finally {
      await without.close();
    }
  });
});

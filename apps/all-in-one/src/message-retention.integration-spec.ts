import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { ChatApi } from '@chat/sdk';
import { MessageRetention } from '@chat/messaging';
import { connect, eventually, record, signUp, startTestApp, uniqueName, type TestApp } from '@chat/testing';
import { allInOne } from './definition';

const DAY = 86_400_000;

/** Seed 004, req. 1.5–1.6 as configuration: a 90-day retention, tombstones purged after 7 days. */
describe('message retention (MESSAGE_RETENTION_DAYS, MESSAGE_PURGE_AFTER_DAYS)', () => {
  const adminName = uniqueName('auditor');
  let server: TestApp;
  let db: Client;

  beforeAll(async () => {
    server = await startTestApp(allInOne, { MESSAGE_RETENTION_DAYS: '90', MESSAGE_PURGE_AFTER_DAYS: '7', ADMIN_USERNAMES: adminName });
    db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await server?.close();
  });

  it('deletes messages past retention as tombstones everyone is told about, then purges tombstones past the purge period, and keeps the rest', async () => {
    const [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
    const { conversation } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    // Two messages from 100 and 95 days ago, as an import would have written them.
    for (const [seq, daysAgo] of [
      [1, 100],
      [2, 95],
    ]) {
      const at = new Date(Date.now() - daysAgo * DAY);
      await db.query(
        `INSERT INTO messages (id, tenant_id, conversation_id, seq, sender_id, client_message_id, body, attachments, created_at)
         SELECT $1, tenant_id, $2, $3, $4, $5, $6, '[]', $7 FROM users WHERE id = $4`,
        [uuidv7({ msecs: at.getTime() }), conversation.id, seq, alice.id, randomUUID(), `old ${seq}`, at],
      );
    }
    await db.query(`UPDATE conversations SET last_seq = 2 WHERE id = $1`, [conversation.id]);
    await alice.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'recent' });
    const socket = await connect(server.url, bob.auth.accessToken);
    await socket.request('conversation.join', { conversationId: conversation.id });
    const deletedFrames = record(socket, 'message.deleted');

    const retention = server.app.get(MessageRetention);
    expect(await retention.apply()).toEqual({ deleted: 2, purged: 0 });
    await deletedFrames.waitFor(2);
    expect(deletedFrames.frames.map((f) => f.seq)).toEqual([1, 2]);
    expect((await bob.api.history(conversation.id)).messages.map((m) => [m.seq, m.body, m.deletedAt !== null])).toEqual([
      [1, '', true],
      [2, '', true],
      [3, 'recent', false],
    ]);
    socket.close();

    // The first tombstone is 8 days old, the second fresh: only the first goes, and history skips its seq.
    await db.query(`UPDATE messages SET deleted_at = now() - interval '8 days' WHERE conversation_id = $1 AND seq = 1`, [conversation.id]);
    expect(await retention.apply()).toEqual({ deleted: 0, purged: 1 });
    expect((await bob.api.history(conversation.id)).messages.map((m) => m.seq)).toEqual([2, 3]);
    expect(await retention.apply()).toEqual({ deleted: 0, purged: 0 });

    const admin = new ChatApi({ baseUrl: server.url });
    await admin.register(adminName, 'Auditor', 'password-123');
    await eventually(async () => {
      const { entries } = await admin.auditLog({ conversationId: conversation.id, action: 'message.delete' });
      expect(entries.map((e) => [e.actorId, e.details.by])).toEqual([
        [null, 'retention'],
        [null, 'retention'],
      ]);
    });
  });
});

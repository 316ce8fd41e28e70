import { connect as connectTcp } from 'node:net';
import { Client } from 'pg';
import { eventually, signUp, startTestApp, type TestApp } from '@chat/testing';
import { allInOne } from './definition';

/** Seed 003, req. 11.3: an account's export streams, and a download given up half-way gives back all it held. */
describe('account export', () => {
  let server: TestApp;
  let db: Client;

  beforeAll(async () => {
    server = await startTestApp(allInOne);
    db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await server?.close();
  });

  /** This database's sessions whose last statement fetched from an export's cursor (`stalled`: idle in its transaction for over a second since). */
  const exportCursors = async (stalled: boolean) => {
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND query LIKE 'FETCH % FROM account_messages'
          AND (NOT $1 OR (state = 'idle in transaction' AND state_change < now() - interval '1 second'))`,
      [stalled],
    );
    return rows[0].n as number;
  };

  it('streams the reactions and the audit trail past one batch each, oldest first, as it does the messages', async () => {
    const [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
    const { conversation } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    const [{ tenant_id: tenantId }] = (await db.query(`SELECT tenant_id FROM users WHERE id = $1`, [alice.id])).rows;
    // Past one cursor batch (500) of each, straight into the tables.
    await db.query(
      `INSERT INTO messages (id, tenant_id, conversation_id, seq, sender_id, client_message_id, body, attachments, created_at)
       SELECT gen_random_uuid(), $3, $1, n, $2, 'bulk-' || n, 'bulk ' || n, '[]', now() FROM generate_series(1, 700) n`,
      [conversation.id, bob.id, tenantId],
    );
    await db.query(
      `INSERT INTO message_reactions (message_id, emoji, user_id, tenant_id, conversation_id, created_at)
       SELECT id, '👍', $2, $3, $1, now() - make_interval(secs => 1000 - seq) FROM messages WHERE conversation_id = $1`,
      [conversation.id, alice.id, tenantId],
    );
    await db.query(
      `INSERT INTO audit_log (tenant_id, id, occurred_at, action, outcome, actor_id)
       SELECT $1, gen_random_uuid(), now(), 'bulk.action', 'success', $2 FROM generate_series(1, 1100)`,
      [tenantId, alice.id],
    );

    const res = await fetch(`${server.url}/v1/me/export`, { headers: { authorization: `Bearer ${alice.auth.accessToken}` } });
    const body = (await res.json()) as Record<string, any>;
    expect(body).toMatchObject({ format: 'chat-account-export/1', user: { id: alice.id } });
    expect(body.reactions).toHaveLength(700);
    const seqOf = new Map((await db.query(`SELECT id, seq FROM messages WHERE conversation_id = $1`, [conversation.id])).rows.map((r) => [r.id, Number(r.seq)]));
    expect(body.reactions.map((r: { messageId: string }) => seqOf.get(r.messageId))).toEqual(Array.from({ length: 700 }, (_, i) => i + 1));
    expect(body.reactions[0]).toEqual({ messageId: expect.any(String), conversationId: conversation.id, emoji: '👍', createdAt: expect.any(String) });
    const audit = body.auditLog.filter((e: { action: string }) => e.action === 'bulk.action');
    expect(audit).toHaveLength(1100);
    const ids = body.auditLog.map((e: { id: string }) => e.id);
    expect(ids).toEqual([...ids].sort());
    expect(body.auditLog.map((e: { action: string }) => e.action)).toContain('auth.register');
    expect(body.messages).toEqual([]);
  });

  it('rolls back its cursor and releases the connection when the client goes away without reading a stalled download', async () => {
    const alice = await signUp(server.url, 'alice');
    const bob = await signUp(server.url, 'bob');
    const { conversation } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    // About 40 MB of messages: far more than the socket buffers of a client that reads nothing hold.
    await db.query(
      `INSERT INTO messages (id, tenant_id, conversation_id, seq, sender_id, client_message_id, body, attachments, created_at)
       SELECT gen_random_uuid(), tenant_id, $1, n, $2, 'bulk-' || n, repeat('x', 2000), '[]', now() FROM generate_series(1, 20000) n, (SELECT tenant_id FROM users WHERE id = $2) u`,
      [conversation.id, alice.id],
    );
    const { port } = new URL(server.url);
    const socket = connectTcp(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`GET /v1/me/export HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${alice.auth.accessToken}\r\n\r\n`);
    // Never read: the server's writes back up until it waits for a drain, its cursor open in between two fetches.
    socket.pause();
    await eventually(async () => expect(await exportCursors(true)).toBe(1));

    socket.destroy();
    // Rolled back and back in the pool: its session's last statement is no longer the fetch.
    await eventually(async () => expect(await exportCursors(false)).toBe(0));
  });
});

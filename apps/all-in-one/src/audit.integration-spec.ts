import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { AuditEventsConsumer, AuditRetention } from '@chat/audit';
import type { AuditEntry, AuditLogQuery, EventEnvelope } from '@chat/contracts';
import { ChatApi } from '@chat/sdk';
import { connect, eventually, signUp, startTestApp, uniqueName, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/** Seed 000, FR-010: creation, message events, history access and credential issuance are audited with their outcome. */
describe('audit log', () => {
  const adminName = uniqueName('auditor');
  const password = 'password-123';
  let server: TestApp;
  let db: Client;
  let admin: ChatApi;

  beforeAll(async () => {
    server = await startTestApp(allInOne, { ADMIN_USERNAMES: adminName, AUDIT_LOG_MAX_LIMIT: '100', AUDIT_SUMMARY_MAX_DAYS: '7', AUDIT_RETENTION_DAYS: '30' });
    admin = new ChatApi({ baseUrl: server.url });
    await admin.register(adminName, 'Auditor', password);
    db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await server?.close();
  });

  const entries = async (query: AuditLogQuery): Promise<AuditEntry[]> => (await admin.auditLog({ limit: 100, ...query })).entries;

  it('records registrations, logins that failed and succeeded, refreshes and socket tickets, never with a password', async () => {
    const name = uniqueName('carol');
    const anonymous = new ChatApi({ baseUrl: server.url });
    const carol = await anonymous.register(name, 'Carol', password);
    await expect(anonymous.login(name, 'wrong-password')).rejects.toMatchObject({ status: 401, body: { code: 'INVALID_CREDENTIALS' } });
    const login = await fetch(`${server.url}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'audit-login-1' },
      body: JSON.stringify({ username: name, password }),
    });
    expect(login.status).toBe(200);
    const loggedIn = new ChatApi({ baseUrl: server.url, accessToken: ((await login.json()) as { accessToken: string }).accessToken });
    await anonymous.refresh(carol.refreshToken);
    await loggedIn.wsTicket();

    const mine = await entries({ actorId: carol.user.id });
    expect(mine.map((e) => [e.action, e.outcome])).toEqual([
      ['auth.ws-ticket', 'success'],
      ['auth.refresh', 'success'],
      ['auth.login', 'success'],
      ['auth.register', 'success'],
    ]);
    expect(mine.find((e) => e.action === 'auth.login')).toMatchObject({ requestId: 'audit-login-1', ip: expect.stringContaining('127.0.0.1'), details: { username: name }, actorName: 'Carol', actorAvatarUrl: null });
    const failed = (await entries({ action: 'auth.login', outcome: 'failure' })).find((e) => e.details.username === name);
    expect(failed).toMatchObject({ actorId: null, actorName: null, actorAvatarUrl: null, errorCode: 'INVALID_CREDENTIALS' });
    // The actor's picture as it is at the time of reading (as the main service sets one), on every entry of theirs.
    await db.query(`UPDATE users SET avatar_url = $2 WHERE id = $1`, [carol.user.id, 'https://cdn.example/carol.png']);
    expect((await entries({ actorId: carol.user.id })).map((e) => e.actorAvatarUrl)).toEqual(Array(4).fill('https://cdn.example/carol.png'));
    expect(JSON.stringify(await entries({}))).not.toContain(password);
  });

  it('records each conversation created and deleted and each message sent, edited, pinned, unpinned and deleted exactly once, over REST and sockets alike', async () => {
    const [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
    const { conversation } = await alice.api.createConversation({ type: 'group', name: 'audited', memberIds: [bob.id] });
    const { message } = await alice.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'over REST' });
    const socket = await connect(server.url, bob.auth.accessToken);
    const { message: fromSocket } = await socket.request('message.send', { conversationId: conversation.id, clientMessageId: randomUUID(), body: 'over a socket' });
    socket.close();
    await alice.api.editMessage(conversation.id, message.id, 'edited');
    await bob.api.pin(conversation.id, message.id);
    await alice.api.unpin(conversation.id, message.id);
    await alice.api.deleteMessage(conversation.id, fromSocket.id);
    await alice.api.deleteConversation(conversation.id);

    const expected = [
      ['conversation.delete', alice.id, null],
      ['message.delete', alice.id, fromSocket.id],
      ['message.unpin', alice.id, message.id],
      ['message.pin', bob.id, message.id],
      ['message.edit', alice.id, message.id],
      ['message.send', bob.id, fromSocket.id],
      ['message.send', alice.id, message.id],
      ['conversation.create', alice.id, null],
    ];
    const logged = await eventually(async () => {
      const found = await entries({ conversationId: conversation.id });
      expect(found.map((e) => [e.action, e.actorId, e.messageId])).toEqual(expected);
      return found;
    });
    expect(logged.every((e) => e.outcome === 'success')).toBe(true);
    expect(logged.find((e) => e.action === 'message.delete')!.details).toMatchObject({ seq: 2, senderId: bob.id });
    expect(JSON.stringify(logged)).not.toContain('over REST');

    // The bus delivers at least once: every event of the conversation handed over again records nothing new.
    const { rows } = await db.query(
      `SELECT event_id AS id, event_name AS name, tenant_id AS "tenantId", aggregate_type AS "aggregateType", aggregate_id AS "aggregateId", occurred_at AS "occurredAt", headers, payload
         FROM outbox WHERE aggregate_id = $1 ORDER BY id`,
      [conversation.id],
    );
    await server.app.get(AuditEventsConsumer).apply(rows.map((r) => ({ ...r, occurredAt: r.occurredAt.toISOString() }) as EventEnvelope));
    expect(await entries({ conversationId: conversation.id })).toHaveLength(expected.length);
  });

  it('records history reads, searches and syncs with their outcome; a read that fails says why', async () => {
    const [dave, erin, mallory] = await Promise.all([signUp(server.url, 'dave'), signUp(server.url, 'erin'), signUp(server.url, 'mallory')]);
    const { conversation } = await dave.api.createConversation({ type: 'direct', memberIds: [erin.id] });
    await erin.api.history(conversation.id, { limit: 10 });
    await expect(mallory.api.history(conversation.id)).rejects.toMatchObject({ status: expect.any(Number) });
    await expect(mallory.api.request('GET', '/v1/conversations/not-a-uuid/messages')).rejects.toMatchObject({ status: 400 });
    await erin.api.search({ q: 'anything', conversationId: conversation.id });
    await erin.api.sync();

    const reads = await entries({ action: 'history.read', conversationId: conversation.id });
    expect(reads.map((e) => [e.actorId, e.outcome])).toEqual([
      [mallory.id, 'failure'],
      [erin.id, 'success'],
    ]);
    expect(reads[1].details).toEqual({ limit: '10' });
    expect(reads[0].errorCode).toMatch(/NOT_A_MEMBER|CONVERSATION_NOT_FOUND/);
    const malformed = (await entries({ actorId: mallory.id, action: 'history.read' })).find((e) => e.conversationId === null);
    expect(malformed).toMatchObject({ outcome: 'failure', errorCode: 'VALIDATION_FAILED', details: { conversationId: 'not-a-uuid' } });
    expect((await entries({ actorId: erin.id })).map((e) => e.action)).toEqual(['sync.read', 'message.search', 'history.read', 'auth.register']);
  });

  it('records history read over a socket (sync) like a REST page, with its outcome, before the ack', async () => {
    const [heidi, ivan, judy] = await Promise.all([signUp(server.url, 'heidi'), signUp(server.url, 'ivan'), signUp(server.url, 'judy')]);
    const { conversation } = await heidi.api.createConversation({ type: 'direct', memberIds: [ivan.id] });
    const [ivanSocket, judySocket] = await Promise.all([connect(server.url, ivan.auth.accessToken), connect(server.url, judy.auth.accessToken)]);
    try {
      await ivanSocket.request('sync', { conversationId: conversation.id, afterSeq: 0, limit: 5 });
      await expect(judySocket.request('sync', { conversationId: conversation.id, afterSeq: 0 })).rejects.toMatchObject({ body: { code: expect.stringMatching(/NOT_A_MEMBER|CONVERSATION_NOT_FOUND/) } });
      // The entry is written before the ack, so it is there as soon as the ack is.
      const reads = await entries({ action: 'history.read', conversationId: conversation.id });
      expect(reads.map((e) => [e.actorId, e.outcome, e.details])).toEqual([
        [judy.id, 'failure', { via: 'socket', afterSeq: 0 }],
        [ivan.id, 'success', { via: 'socket', afterSeq: 0, limit: 5 }],
      ]);
      await expect(judySocket.request('sync', { conversationId: 'not-a-uuid', afterSeq: 0 })).rejects.toMatchObject({ body: { code: 'VALIDATION_FAILED' } });
      const malformed = (await entries({ actorId: judy.id, action: 'history.read' })).find((e) => e.conversationId === null);
      expect(malformed).toMatchObject({ outcome: 'failure', errorCode: 'VALIDATION_FAILED', details: { via: 'socket', conversationId: 'not-a-uuid' } });
      expect(malformed!.ip).toEqual(expect.stringContaining('127.0.0.1'));
    } finally {
      ivanSocket.close();
      judySocket.close();
    }
  });

  it('serves no history it could not record', async () => {
    const [frank, grace] = await Promise.all([signUp(server.url, 'frank'), signUp(server.url, 'grace')]);
    const { conversation } = await frank.api.createConversation({ type: 'direct', memberIds: [grace.id] });
    await db.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_refuses_reads CHECK (action <> 'history.read') NOT VALID`);
    try {
      await expect(grace.api.history(conversation.id)).rejects.toMatchObject({ status: 500, body: { code: 'INTERNAL' } });
    } finally {
      await db.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_refuses_reads`);
    }
    await expect(grace.api.history(conversation.id)).resolves.toMatchObject({ messages: [] });
  });

  it('answers administrators only, pages by entry id, filters by time, and counts per day, action and outcome', async () => {
    const someone: TestUser = await signUp(server.url, 'nosy');
    await expect(someone.api.auditLog()).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    await expect(someone.api.auditSummary({ since: new Date(Date.now() - 3_600_000).toISOString() })).rejects.toMatchObject({ status: 403 });

    const start = new Date();
    for (let i = 0; i < 3; i++) await someone.api.sync();
    const first = await admin.auditLog({ actorId: someone.id, limit: 2 });
    expect(first.entries.map((e) => e.action)).toEqual(['sync.read', 'sync.read']);
    expect(first.hasMore).toBe(true);
    const rest = await admin.auditLog({ actorId: someone.id, before: first.entries[1].id });
    expect(rest.entries.map((e) => e.action)).toEqual(['sync.read', 'auth.register']);
    expect(rest.hasMore).toBe(false);
    expect((await entries({ actorId: someone.id, since: start.toISOString() })).map((e) => e.action)).toEqual(['sync.read', 'sync.read', 'sync.read']);
    expect(await entries({ actorId: someone.id, until: start.toISOString() })).toHaveLength(1);

    const summary = await admin.auditSummary({ since: new Date(Date.now() - 86_400_000).toISOString() });
    const today = new Date().toISOString().slice(0, 10);
    expect(summary.rows).toContainEqual({ day: today, action: 'auth.login', outcome: 'failure', count: expect.any(Number) });
    expect(summary.rows.find((r) => r.day === today && r.action === 'sync.read' && r.outcome === 'success')!.count).toBeGreaterThanOrEqual(4);

    await expect(admin.auditLog({ limit: 101 })).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    await expect(admin.auditLog({ action: 'auth.nothing' as never })).rejects.toMatchObject({ status: 400 });
    await expect(admin.auditLog({ since: 'yesterday' })).rejects.toMatchObject({ status: 400 });
    await expect(admin.auditSummary({ since: new Date(Date.now() - 8 * 86_400_000).toISOString() })).rejects.toMatchObject({ status: 400, body: { details: [{ field: 'since' }] } });
  });

  it('prunes entries older than AUDIT_RETENTION_DAYS and keeps the rest', async () => {
    const ids = await entries({});
    const oldTime = new Date(Date.now() - 31 * 86_400_000);
    const oldId = uuidv7({ msecs: oldTime.getTime() });
    await db.query(`INSERT INTO audit_log (tenant_id, id, occurred_at, action, outcome) SELECT tenant_id, $1, $2, 'auth.login', 'success' FROM audit_log LIMIT 1`, [oldId, oldTime]);

    expect(await server.app.get(AuditRetention).prune()).toBe(1);
    expect(await server.app.get(AuditRetention).prune()).toBe(0);
    expect((await entries({})).map((e) => e.id)).toEqual(ids.map((e) => e.id));
  });
});

import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Client } from 'pg';
import type { Message, TenantExport, TenantExportListResponse, TenantExportRecord, TenantExportResponse } from '@chat/contracts';
import { ChatApi } from '@chat/sdk';
import { eventually, signUp, startTestApp, uniqueName, whileLocked, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const password = 'password-123';

/** Seed 003, req. 13.3: administrators export their tenant's data, in the background, and the action is audited. */
describe('tenant exports', () => {
  const operatorName = uniqueName('operator');
  let exportRoot: string;
  let exportDir: string;
  let env: Record<string, string>;
  let server: TestApp;
  let db: Client;
  let operator: ChatApi;
  let acmeAdmin: ChatApi;
  let acmeId: string;
  let acmeSlug: string;

  const call = <T>(api: ChatApi, method: string, route: string) => api.request<T>(method, route).then((r) => r.data);
  const requestExport = (api: ChatApi) => api.requestTenantExport().then((r) => r.export);
  const exportOf = (api: ChatApi, id: string) => api.tenantExport(id).then((r) => r.export);
  const whenReady = (api: ChatApi, id: string) =>
    eventually(async () => {
      const found = await exportOf(api, id);
      expect(found.status).toBe('ready');
      return found;
    });
  const download = async (api: ChatApi, id: string) => {
    const res = await fetch(`${server.url}/v1/admin/exports/${id}/download`, { headers: { authorization: `Bearer ${api.accessToken}` } });
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = res.ok ? gunzipSync(bytes).toString('utf8') : '';
    const records = text ? text.trimEnd().split('\n').map((l) => JSON.parse(l) as TenantExportRecord) : [];
    return { res, text, records, of: (type: string) => records.filter((r) => r.type === type) };
  };

  beforeAll(async () => {
    exportRoot = await mkdtemp(path.join(tmpdir(), 'chat-tenant-exports-'));
    // Not there yet: the worker creates it.
    exportDir = path.join(exportRoot, 'exports');
    env = {
      TENANCY_MODE: 'multi',
      ADMIN_USERNAMES: operatorName,
      EXPORT_DIR: exportDir,
      // Two rows a page: every table of the export below spans several keyset pages.
      EXPORT_BATCH_ROWS: '2',
      EXPORT_POLL_INTERVAL_MS: '200',
      EXPORT_MAX_PENDING_PER_TENANT: '1',
      EXPORT_LIST_DEFAULT_LIMIT: '2',
      EXPORT_LIST_MAX_LIMIT: '3',
      EXPORT_LEASE_SECONDS: '5',
      EXPORT_MAX_ATTEMPTS: '3',
      EXPORT_RETENTION_HOURS: '24',
    };
    server = await startTestApp(allInOne, env);
    db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
    operator = new ChatApi({ baseUrl: server.url });
    await operator.register(operatorName, 'Operator', password);
    acmeSlug = `acme-${randomUUID().slice(0, 8)}`;
    acmeId = (await operator.createTenant({ slug: acmeSlug, name: 'Acme', admin: { username: 'boss', displayName: 'The Boss', password } })).tenant.id;
    acmeAdmin = new ChatApi({ baseUrl: server.url, tenant: acmeSlug });
    await acmeAdmin.login('boss', password);
  });
  afterAll(async () => {
    await db?.end();
    await server?.close();
    if (exportRoot) await rm(exportRoot, { recursive: true, force: true });
  });

  /**
   * A little of everything in the caller's tenant: a group past one page of members, messages past several pages (a reply naming
   * someone among them), a tombstone,
   * reactions, blocks and reports past one page, a ban, a report resolved, a business with a customer's conversation.
   */
  async function populate(tenant?: string) {
    const people: TestUser[] = [];
    for (const name of ['alice', 'bob', 'carol', 'dave']) people.push(await signUp(server.url, name, tenant));
    const [alice, bob, carol, dave] = people;
    const { conversation } = await alice.api.createConversation({ type: 'group', name: 'plans', memberIds: [bob.id, carol.id] });
    const said: Message[] = [];
    for (const body of ['one', 'two', 'three', 'four', 'secret plan']) {
      // 'four' answers 'one' and names Bob.
      const extras = body === 'four' ? { replyTo: said[0].id, mentions: [bob.id] } : {};
      said.push((await alice.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body, ...extras })).message);
    }
    await alice.api.deleteMessage(conversation.id, said[4].id);
    await bob.api.react(conversation.id, said[0].id, '👍');
    await carol.api.react(conversation.id, said[0].id, '🎉');
    await bob.api.pin(conversation.id, said[2].id);
    // Carol moderates with Alice: Bob's report of Alice's message is hers to close; Carol's own reports go to the tenant's administrators.
    await alice.api.changeRole(conversation.id, carol.id, 'admin');
    const spam = (await bob.api.reportMessage(conversation.id, said[1].id, { reason: 'spam', note: 'bob’s note on two' })).report;
    await carol.api.reportMessage(conversation.id, said[1].id, { reason: 'harassment' });
    await carol.api.reportMessage(conversation.id, said[2].id, { reason: 'other', note: 'carol’s note on three' });
    await carol.api.resolveReport(conversation.id, spam.id, { status: 'dismissed' });
    await alice.api.ban(conversation.id, { userId: dave.id, reason: 'not welcome' });
    const { business } = await alice.api.createBusiness({ name: 'Alice’s Shop' });
    const shopChat = (await dave.api.openBusinessConversation(business.id)).businessConversation.conversation;
    await alice.api.block(bob.id);
    await alice.api.block(carol.id);
    await carol.api.block(bob.id);
    return { alice, bob, carol, dave, conversation, said, spam, business, shopChat };
  }

  it('writes the tenant’s users, blocks, conversations, memberships, bans, messages (tombstones as tombstones), reactions, reports, businesses and moderation log in the background, without a secret, and serves it as a gzip NDJSON download', async () => {
    const { alice, bob, carol, dave, conversation, said, spam, business, shopChat } = await populate();
    await db.query(`UPDATE users SET mfa_secret = 'TOTPSECRETNEVEREXPORTED', mfa_enabled_at = now() WHERE id = $1`, [alice.id]);
    // Bob's devices have the first four messages and he read two; Carol's pointers say nothing (0).
    await db.query(`UPDATE conversation_members SET last_delivered_seq = 4, last_read_seq = 2 WHERE conversation_id = $1 AND user_id = $2`, [conversation.id, bob.id]);
    const [{ password_hash: hash }] = (await db.query(`SELECT password_hash FROM users WHERE id = $1`, [alice.id])).rows;

    const res = await operator.request<TenantExportResponse>('POST', '/v1/admin/exports');
    expect(res.status).toBe(202);
    expect(res.data.export).toMatchObject({ status: 'pending', sizeBytes: null, counts: null, createdAt: expect.any(String) });
    const ready = await whenReady(operator, res.data.export.id);
    expect(ready.sizeBytes).toBeGreaterThan(0);

    const file = await download(operator, ready.id);
    expect(file.res.status).toBe(200);
    expect(file.res.headers.get('content-type')).toBe('application/gzip');
    expect(file.res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="chat-tenant-.*-${ready.id}\\.ndjson\\.gz"$`));
    expect(Number(file.res.headers.get('content-length'))).toBe(ready.sizeBytes);

    expect(file.records[0]).toMatchObject({ type: 'export', format: 'chat-tenant-export/1', exportId: ready.id });
    expect(file.of('tenant')).toEqual([expect.objectContaining({ name: 'default' })]);
    const userIds = file.of('user').map((u) => u.id);
    expect(userIds).toEqual(expect.arrayContaining([alice.id, bob.id]));
    expect(file.of('user').find((u) => u.id === alice.id)).toMatchObject({ username: alice.auth.user.username, mfaEnabled: true });
    expect(file.of('conversation').map((c) => c.id)).toContain(conversation.id);
    expect(file.of('membership').filter((m) => m.conversationId === conversation.id)).toHaveLength(3);
    expect(file.of('membership').find((m) => m.conversationId === conversation.id && m.userId === bob.id)).toMatchObject({ lastReadSeq: 2, lastDeliveredSeq: 4 });
    const messages = file.of('message').filter((m) => m.conversationId === conversation.id);
    expect(messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(messages[0]).toMatchObject({ id: said[0].id, body: 'one', senderId: alice.id, tombstone: false, replyToSeq: null, mentions: null });
    expect(messages[3]).toMatchObject({ id: said[3].id, body: 'four', replyToSeq: 1, mentions: [bob.id] });
    expect(messages[4]).toEqual(expect.objectContaining({ id: said[4].id, tombstone: true, deletedAt: expect.any(String) }));
    expect(messages[4]).not.toHaveProperty('body');
    expect(file.of('reaction').filter((r) => r.messageId === said[0].id).map((r) => r.emoji).sort()).toEqual(['🎉', '👍'].sort());
    expect(file.of('pin').filter((p) => p.conversationId === conversation.id)).toEqual([{ type: 'pin', conversationId: conversation.id, seq: 3, pinnedBy: bob.id, pinnedAt: expect.any(String) }]);
    expect(file.of('business').map((b) => b.id)).toContain(business.id);
    expect(file.of('businessAgent')).toContainEqual(expect.objectContaining({ businessId: business.id, userId: alice.id }));
    expect(file.of('businessConversation')).toContainEqual(expect.objectContaining({ businessId: business.id, conversationId: shopChat.id, customerId: dave.id, resolvedAt: null }));

    const ours = new Set([alice.id, bob.id, carol.id, dave.id]);
    const blocks = file.of('block').filter((b) => ours.has(b.blockerId as string));
    expect(blocks.map(({ blockerId, blockedId }) => `${blockerId}>${blockedId}`).sort()).toEqual([`${alice.id}>${bob.id}`, `${alice.id}>${carol.id}`, `${carol.id}>${bob.id}`].sort());
    expect(blocks[0]).toEqual({ type: 'block', blockerId: expect.any(String), blockedId: expect.any(String), createdAt: expect.any(String) });
    // Blocks follow the page of users that made them.
    const at = (record: TenantExportRecord) => file.records.indexOf(record);
    for (const block of blocks) expect(at(block)).toBeGreaterThan(at(file.of('user').find((u) => u.id === block.blockerId)!));
    expect(file.of('ban').filter((b) => b.conversationId === conversation.id)).toEqual([
      expect.objectContaining({ type: 'ban', userId: dave.id, bannedBy: alice.id, reason: 'not welcome', expiresAt: null }),
    ]);
    const reports = file.of('report').filter((r) => r.conversationId === conversation.id);
    expect(reports).toHaveLength(3);
    expect(reports.find((r) => r.id === spam.id)).toEqual({
      type: 'report', id: spam.id, conversationId: conversation.id, messageId: said[1].id, messageSeq: 2, senderId: alice.id, reporterId: bob.id,
      reason: 'spam', note: 'bob’s note on two', status: 'dismissed', escalated: false, createdAt: expect.any(String), resolvedBy: carol.id, resolvedAt: expect.any(String),
    });
    expect(reports.find((r) => r.reporterId === carol.id && r.messageId === said[2].id)).toMatchObject({ note: 'carol’s note on three', status: 'open', escalated: true, resolvedBy: null, resolvedAt: null });
    expect(reports.every((r) => at(r) > at(file.of('message').find((m) => m.id === said[4].id)!))).toBe(true);
    const actions = file.of('moderationAction').filter((a) => a.conversationId === conversation.id);
    expect(actions).toContainEqual(expect.objectContaining({ action: 'member.banned', actorId: alice.id, targetUserId: dave.id, reason: 'not welcome' }));
    expect(actions).toContainEqual(expect.objectContaining({ action: 'report.resolved', actorId: carol.id, targetUserId: bob.id, details: { reportId: spam.id, status: 'dismissed' } }));

    const typeOfCount = {
      users: 'user', blocks: 'block', conversations: 'conversation', memberships: 'membership', bans: 'ban', messages: 'message', reactions: 'reaction', pins: 'pin', reports: 'report',
      businesses: 'business', businessAgents: 'businessAgent', businessConversations: 'businessConversation', moderationActions: 'moderationAction',
    };
    const counted = Object.fromEntries(Object.entries(typeOfCount).map(([count, type]) => [count, file.of(type).length]));
    expect(ready.counts).toEqual({ ...counted, tombstones: file.of('message').filter((m) => m.tombstone).length });

    // No secret: not the password (hashed or not), the TOTP secret, a token, nor the deleted message's words.
    for (const secret of [password, hash, 'TOTPSECRETNEVEREXPORTED', alice.auth.accessToken, alice.auth.refreshToken, 'secret plan']) expect(file.text).not.toContain(secret);
    for (const column of ['passwordHash', 'password_hash', 'mfaSecret', 'mfa_secret', 'tokenHash']) expect(file.text).not.toContain(column);
  });

  it('keeps a finished export readable by the server’s OS user only: the file 0600, its tenant’s folder and EXPORT_DIR 0700', async () => {
    const { id } = await requestExport(operator);
    await whenReady(operator, id);
    const tenantId = (await db.query(`SELECT tenant_id FROM tenant_exports WHERE id = $1`, [id])).rows[0].tenant_id as string;
    const modeOf = async (p: string) => ((await stat(p)).mode & 0o777).toString(8);
    expect(await modeOf(path.join(exportDir, tenantId, `${id}.ndjson.gz`))).toBe('600');
    expect(await modeOf(path.join(exportDir, tenantId))).toBe('700');
    expect(await modeOf(exportDir)).toBe('700');
  });

  it('holds only its tenant’s rows: another tenant’s administrator neither sees nor downloads it, and their own export has none of this tenant’s', async () => {
    const ours = await populate();
    const theirs = await populate(acmeSlug);
    // Rows that name this tenant's people and conversation under acme's tenant id: no statement of either export may read them.
    const strayBlocked = randomUUID();
    await db.query(`INSERT INTO user_blocks (blocker_id, blocked_id, tenant_id) VALUES ($1, $2, $3)`, [ours.alice.id, strayBlocked, acmeId]);
    const strayReport = randomUUID();
    await db.query(
      `INSERT INTO message_reports (id, tenant_id, conversation_id, message_id, message_seq, sender_id, reporter_id, reason) VALUES ($1, $2, $3, $4, 1, $5, $6, 'spam')`,
      [strayReport, acmeId, ours.conversation.id, randomUUID(), ours.alice.id, theirs.bob.id],
    );
    const mine = await requestExport(operator);
    await whenReady(operator, mine.id);

    await expect(exportOf(acmeAdmin, mine.id)).rejects.toMatchObject({ status: 404, body: { code: 'EXPORT_NOT_FOUND' } });
    expect((await download(acmeAdmin, mine.id)).res.status).toBe(404);
    expect((await call<TenantExportListResponse>(acmeAdmin, 'GET', '/v1/admin/exports')).exports.map((e) => e.id)).not.toContain(mine.id);

    const acmeExport = await whenReady(acmeAdmin, (await requestExport(acmeAdmin)).id);
    const acme = await download(acmeAdmin, acmeExport.id);
    expect(acme.records[0]).toMatchObject({ tenantId: acmeId });
    expect(acme.of('tenant')).toEqual([expect.objectContaining({ id: acmeId, slug: acmeSlug, name: 'Acme' })]);
    expect(acme.of('user').map((u) => u.id).sort()).toEqual(expect.arrayContaining([theirs.alice.id, theirs.bob.id, theirs.carol.id]));
    expect(acme.of('user').map((u) => u.id)).not.toContain(ours.alice.id);
    expect(acme.of('conversation').map((c) => c.id).sort()).toEqual([theirs.conversation.id, theirs.shopChat.id].sort());
    expect(acme.of('message').map((m) => m.id).sort()).toEqual(theirs.said.map((m) => m.id).sort());
    expect(acme.of('business').map((b) => b.id)).toEqual([theirs.business.id]);
    expect(acme.of('block').map((b) => b.blockerId).sort()).toEqual([theirs.alice.id, theirs.alice.id, theirs.carol.id].sort());
    expect(acme.of('report').map((r) => r.conversationId)).toEqual([theirs.conversation.id, theirs.conversation.id, theirs.conversation.id]);
    expect(acme.of('ban').map((b) => b.userId)).toEqual([theirs.dave.id]);
    expect(acme.of('businessConversation').map((c) => c.conversationId)).toEqual([theirs.shopChat.id]);
    expect(acme.of('moderationAction').every((a) => a.conversationId === theirs.conversation.id)).toBe(true);
    const [{ count }] = (await db.query(`SELECT count(*)::int FROM users WHERE tenant_id = $1`, [acmeId])).rows;
    expect(acme.of('user')).toHaveLength(count);
    expect(acme.text).not.toContain(ours.conversation.id);

    const defaults = await download(operator, mine.id);
    expect(defaults.of('user').map((u) => u.id)).not.toContain(theirs.alice.id);
    expect(defaults.of('conversation').map((c) => c.id)).not.toContain(theirs.conversation.id);
    expect(defaults.of('block').map((b) => b.blockedId)).not.toContain(strayBlocked);
    expect(defaults.of('report').map((r) => r.id)).not.toContain(strayReport);
    expect(defaults.of('moderationAction').map((a) => a.conversationId)).not.toContain(theirs.conversation.id);
    await db.query(`DELETE FROM user_blocks WHERE blocked_id = $1`, [strayBlocked]);
    await db.query(`DELETE FROM message_reports WHERE id = $1`, [strayReport]);
  });

  it('refuses non-administrators every route with 403, and unknown ids with 404', async () => {
    const someone = await signUp(server.url, 'someone');
    const any = (await call<TenantExportListResponse>(operator, 'GET', '/v1/admin/exports')).exports[0]?.id ?? randomUUID();
    for (const [method, route] of [['POST', '/v1/admin/exports'], ['GET', '/v1/admin/exports'], ['GET', `/v1/admin/exports/${any}`], ['GET', `/v1/admin/exports/${any}/download`]]) {
      await expect(someone.api.request(method, route)).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    }
    await expect(exportOf(operator, randomUUID())).rejects.toMatchObject({ status: 404, body: { code: 'EXPORT_NOT_FOUND' } });
  });

  it('records requests and downloads in the tenant’s audit log, and only there', async () => {
    const { id } = await whenReady(operator, (await requestExport(operator)).id);
    await download(operator, id);
    const me = (await operator.me()).user.id;
    const requested = (await operator.auditLog({ action: 'admin.export.request' })).entries;
    expect(requested[0]).toMatchObject({ action: 'admin.export.request', outcome: 'success', actorId: me, details: { exportId: id }, conversationId: null });
    const downloaded = (await operator.auditLog({ action: 'admin.export.download' })).entries;
    expect(downloaded[0]).toMatchObject({ action: 'admin.export.download', outcome: 'success', actorId: me, details: { exportId: id }, conversationId: null });
    expect((await acmeAdmin.auditLog({ actorId: me })).entries).toEqual([]);
    // A refused download is in the log too, with the code the caller got.
    await download(operator, randomUUID());
    expect((await operator.auditLog({ action: 'admin.export.download', outcome: 'failure' })).entries[0]).toMatchObject({ errorCode: 'EXPORT_NOT_FOUND' });
  });

  it('refuses one export more than EXPORT_MAX_PENDING_PER_TENANT waiting or running, per tenant, with 409 EXPORT_LIMIT_REACHED', async () => {
    let running: TenantExport | undefined;
    await whileLocked(server.databaseUrl, 'LOCK TABLE messages IN ACCESS EXCLUSIVE MODE', [], async () => {
      running = await requestExport(operator);
      await eventually(async () => expect((await exportOf(operator, running!.id)).status).toBe('running'));
      await expect(requestExport(operator)).rejects.toMatchObject({ status: 409, body: { code: 'EXPORT_LIMIT_REACHED' } });
      // Another tenant's limit is its own.
      expect((await requestExport(acmeAdmin)).status).toBe('pending');
      await expect(requestExport(acmeAdmin)).rejects.toMatchObject({ status: 409, body: { code: 'EXPORT_LIMIT_REACHED' } });
    });
    await whenReady(operator, running!.id);
    await whenReady(operator, (await requestExport(operator)).id);
    await eventually(async () => expect((await call<TenantExportListResponse>(acmeAdmin, 'GET', '/v1/admin/exports')).exports.every((e) => e.status === 'ready')).toBe(true));
  });

  it('lists the tenant’s exports newest first in pages of at most EXPORT_LIST_MAX_LIMIT', async () => {
    const all = (await operator.tenantExports({ limit: 3 })).exports;
    expect(all.length).toBe(3);
    const first = await operator.tenantExports({ limit: 1 });
    expect(first).toMatchObject({ exports: [expect.objectContaining({ id: all[0].id })], hasMore: true });
    const next = await operator.tenantExports({ limit: 2, before: all[0].id });
    expect(next.exports.map((e) => e.id)).toEqual([all[1].id, all[2].id]);
    await expect(operator.request('GET', '/v1/admin/exports?limit=4')).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });

  it('finishes after a restart an export a shutdown interrupted and one a killed process left running (its lease run out, a partial file behind), and gives up on one past EXPORT_MAX_ATTEMPTS', async () => {
    // A shutdown while an export is being written: it stops at its next page and goes back to pending, its attempt given back.
    let closing: Promise<void> | undefined;
    const stopped = await whileLocked(server.databaseUrl, 'LOCK TABLE messages IN ACCESS EXCLUSIVE MODE', [], async () => {
      const started = await requestExport(operator);
      await eventually(async () => expect((await exportOf(operator, started.id)).status).toBe('running'));
      closing = server.close();
      return started;
    });
    await closing;
    expect((await db.query(`SELECT status, attempts, claimed_by FROM tenant_exports WHERE id = $1`, [stopped.id])).rows[0]).toEqual({ status: 'pending', attempts: 0, claimed_by: null });

    const [{ id: requestedBy }] = (await db.query(`SELECT id FROM users WHERE username = $1`, [operatorName])).rows;
    const defaultTenant = (await db.query(`SELECT tenant_id FROM users WHERE id = $1`, [requestedBy])).rows[0].tenant_id as string;
    const interrupted = randomUUID();
    const hopeless = randomUUID();
    await db.query(
      `INSERT INTO tenant_exports (tenant_id, id, requested_by, status, started_at, claimed_by, claimed_until, attempts)
       VALUES ($1, $2, $3, 'running', now() - interval '10 minutes', 'killed-node', now() - interval '1 minute', 1),
              ($1, $4, $3, 'running', now() - interval '10 minutes', 'killed-node', now() - interval '1 minute', 3)`,
      [defaultTenant, interrupted, requestedBy, hopeless],
    );
    await mkdir(path.join(exportDir, defaultTenant), { recursive: true });
    await writeFile(path.join(exportDir, defaultTenant, `${interrupted}.ndjson.gz.1.part`), 'half a file');

    server = await startTestApp(allInOne, { ...env, DATABASE_URL: server.databaseUrl });
    operator = new ChatApi({ baseUrl: server.url });
    await operator.login(operatorName, password);
    const done = await whenReady(operator, interrupted);
    await whenReady(operator, stopped.id);
    expect(done.counts!.users).toBeGreaterThan(0);
    expect((await download(operator, interrupted)).records[0]).toMatchObject({ type: 'export', exportId: interrupted });
    expect(await exportOf(operator, hopeless)).toMatchObject({ status: 'failed', error: expect.stringContaining('3 attempts') });
    await expect(operator.request('GET', `/v1/admin/exports/${hopeless}/download`)).rejects.toMatchObject({ status: 409, body: { code: 'EXPORT_NOT_READY' } });
  });

  it('removes exports older than EXPORT_RETENTION_HOURS, their files with them, and keeps the rest', async () => {
    const kept = (await call<TenantExportListResponse>(operator, 'GET', '/v1/admin/exports')).exports[0];
    const old = await whenReady(operator, (await requestExport(operator)).id);
    const tenantDir = path.join(exportDir, (await db.query(`SELECT tenant_id FROM tenant_exports WHERE id = $1`, [old.id])).rows[0].tenant_id);
    expect(existsSync(path.join(tenantDir, `${old.id}.ndjson.gz`))).toBe(true);
    await db.query(`UPDATE tenant_exports SET created_at = now() - interval '25 hours' WHERE id = $1`, [old.id]);

    await eventually(async () => expect((await db.query(`SELECT 1 FROM tenant_exports WHERE id = $1`, [old.id])).rowCount).toBe(0));
    expect(await readdir(tenantDir)).not.toContain(`${old.id}.ndjson.gz`);
    await expect(exportOf(operator, old.id)).rejects.toMatchObject({ status: 404 });
    expect((await exportOf(operator, kept.id)).status).toBe(kept.status);
  });

  it('treats an export past its expiresAt as gone (404, not listed, not downloaded) before a pass removes it, and removes none still running', async () => {
    // A second node of the same install with a retention of one hour and no pass but its first: the export below expires for it alone.
    const shortLived = await startTestApp(allInOne, { ...env, DATABASE_URL: server.databaseUrl, EXPORT_RETENTION_HOURS: '1', EXPORT_POLL_INTERVAL_MS: '3600000' });
    try {
      const there = new ChatApi({ baseUrl: shortLived.url });
      await there.login(operatorName, password);
      const old = await whenReady(operator, (await requestExport(operator)).id);
      await db.query(`UPDATE tenant_exports SET created_at = now() - interval '2 hours' WHERE id = $1`, [old.id]);
      expect((await download(operator, old.id)).res.status).toBe(200);

      await expect(exportOf(there, old.id)).rejects.toMatchObject({ status: 404, body: { code: 'EXPORT_NOT_FOUND' } });
      await expect(there.request('GET', `/v1/admin/exports/${old.id}/download`)).rejects.toMatchObject({ status: 404, body: { code: 'EXPORT_NOT_FOUND' } });
      expect((await there.tenantExports({ limit: 3 })).exports.map((e) => e.id)).not.toContain(old.id);
      expect((await operator.tenantExports({ limit: 3 })).exports.map((e) => e.id)).toContain(old.id);
    } finally {
      await shortLived.close();
    }

    // Past the retention while a live worker elsewhere still writes it: its row stays; an expired ready one beside it goes.
    const tenantId = (await db.query(`SELECT tenant_id FROM users WHERE username = $1`, [operatorName])).rows[0].tenant_id as string;
    const requestedBy = (await operator.me()).user.id;
    const [running, done] = [randomUUID(), randomUUID()];
    await db.query(
      `INSERT INTO tenant_exports (tenant_id, id, requested_by, status, created_at, started_at, claimed_by, claimed_until, attempts)
       VALUES ($1, $2, $3, 'running', now() - interval '25 hours', now(), 'busy-node', now() + interval '1 hour', 1),
              ($1, $4, $3, 'ready', now() - interval '25 hours', now(), NULL, NULL, 1)`,
      [tenantId, running, requestedBy, done],
    );
    try {
      await eventually(async () => expect((await db.query(`SELECT 1 FROM tenant_exports WHERE id = $1`, [done])).rowCount).toBe(0));
      expect((await db.query(`SELECT status FROM tenant_exports WHERE id = $1`, [running])).rows).toEqual([{ status: 'running' }]);
    } finally {
      await db.query(`DELETE FROM tenant_exports WHERE id = $1`, [running]);
    }
  });
});

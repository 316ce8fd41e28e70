import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { connect, record, signUp, sleep, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/** Seed 003, req. 16.5: members report messages to the conversation's owners and admins, who close the reports. */
describe('message reports', () => {
  let server: TestApp;
  let db: Client;
  let owner: TestUser;
  let admin: TestUser;
  let reporter: TestUser;
  let bystander: TestUser;
  let troll: TestUser;
  let channelId: string;

  beforeAll(async () => {
    server = await startTestApp(allInOne, { REPORT_NOTE_MAX_CHARS: '40', RATE_LIMIT_REPORTS_PER_MINUTE: '3' });
    [owner, admin, reporter, bystander, troll] = await Promise.all(['owner', 'admin', 'reporter', 'bystander', 'troll'].map((n) => signUp(server.url, n)));
    const { conversation } = await owner.api.createConversation({ type: 'channel', name: `reported-${randomUUID().slice(0, 8)}` });
    channelId = conversation.id;
    for (const u of [admin, reporter, bystander, troll]) await u.api.join(channelId);
    await owner.api.changeRole(channelId, admin.id, 'admin');
    db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await server?.close();
  });

  const post = (body: string, by = troll) => by.api.sendMessage(channelId, { clientMessageId: randomUUID(), body }).then((r) => r.message);
  const reportRows = async () => Number((await db.query(`SELECT count(*) FROM message_reports WHERE conversation_id = $1`, [channelId])).rows[0].count);

  it('tells the owners and admins, on their own devices, and logs it; reporting again answers the first report', async () => {
    // The reporter has a picture (as the main service sets one): reports name them with it.
    await db.query(`UPDATE users SET avatar_url = $2 WHERE id = $1`, [reporter.id, 'https://cdn.example/reporter.png']);
    const sockets = await Promise.all([owner, admin, bystander, reporter].map((u) => connect(server.url, u.auth.accessToken)));
    try {
      const [toOwner, toAdmin, toBystander, toReporter] = sockets.map((s) => record(s, 'message.reported'));
      const insult = await post('you are all idiots');
      const first = await reporter.api.request<{ report: { id: string } }>('POST', `/v1/conversations/${channelId}/messages/${insult.id}/reports`, { reason: 'harassment', note: '  keeps insulting people ' });
      expect(first.status).toBe(201);
      const { report } = await reporter.api.reportMessage(channelId, insult.id, { reason: 'spam' });
      expect(report).toMatchObject({
        id: first.data.report.id,
        conversationId: channelId,
        messageId: insult.id,
        messageSeq: insult.seq,
        senderId: troll.id,
        reporterId: reporter.id,
        reporterName: reporter.auth.user.displayName,
        reporterAvatarUrl: 'https://cdn.example/reporter.png',
        reason: 'harassment',
        note: 'keeps insulting people',
        status: 'open',
        resolvedBy: null,
      });
      await Promise.all([toOwner.waitFor(1), toAdmin.waitFor(1)]);
      expect(toOwner.frames[0].report).toEqual(report);
      await sleep(300);
      expect([toOwner.frames.length, toAdmin.frames.length, toBystander.frames.length, toReporter.frames.length]).toEqual([1, 1, 0, 0]);

      const log = await admin.api.moderationLog(channelId, { action: 'message.reported' });
      expect(log.entries).toEqual([expect.objectContaining({ actorId: reporter.id, targetUserId: troll.id, messageId: insult.id, reason: 'keeps insulting people', details: { reportId: report.id, reason: 'harassment' } })]);
      expect((await owner.api.reports(channelId, { status: 'open' })).reports.map((r) => [r.id, r.reporterAvatarUrl])).toEqual([[report.id, 'https://cdn.example/reporter.png']]);
    } finally {
      sockets.forEach((s) => s.close());
    }
  });

  it('refuses what cannot be reported, and writes nothing', async () => {
    const own = await post('my own words', reporter);
    const gone = await post('soon gone');
    await troll.api.deleteMessage(channelId, gone.id);
    const outsider = await signUp(server.url, 'outsider');
    const target = await post('reportable');
    const before = await reportRows();

    await expect(reporter.api.reportMessage(channelId, own.id, { reason: 'spam' })).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: [{ field: 'messageId' }] } });
    await expect(reporter.api.reportMessage(channelId, gone.id, { reason: 'spam' })).rejects.toMatchObject({ status: 404, body: { code: 'MESSAGE_NOT_FOUND' } });
    await expect(reporter.api.reportMessage(channelId, randomUUID(), { reason: 'spam' })).rejects.toMatchObject({ status: 404, body: { code: 'MESSAGE_NOT_FOUND' } });
    await expect(reporter.api.reportMessage(channelId, target.id, { reason: 'rude' as never })).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: [{ field: 'reason' }] } });
    await expect(reporter.api.reportMessage(channelId, target.id, { reason: 'other', note: 'x'.repeat(41) })).rejects.toMatchObject({ status: 400, body: { details: [{ field: 'note' }] } });
    await expect(outsider.api.reportMessage(channelId, target.id, { reason: 'spam' })).rejects.toMatchObject({ status: expect.any(Number) });
    await expect(reporter.api.request('POST', `/v1/conversations/${channelId}/messages/not-a-uuid/reports`, { reason: 'spam' })).rejects.toMatchObject({ status: 400 });
    expect(await reportRows()).toBe(before);
  });

  it('keeps reports to the owners and admins, who close them as actioned or dismissed (logged)', async () => {
    const spam = await post('buy cheap watches');
    const { report } = await bystander.api.reportMessage(channelId, spam.id, { reason: 'spam' });
    await expect(bystander.api.reports(channelId)).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    await expect(bystander.api.resolveReport(channelId, report.id, { status: 'dismissed' })).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    await expect(admin.api.resolveReport(channelId, randomUUID(), { status: 'dismissed' })).rejects.toMatchObject({ status: 404, body: { code: 'REPORT_NOT_FOUND' } });
    await expect(admin.api.resolveReport(channelId, report.id, { status: 'open' as never })).rejects.toMatchObject({ status: 400 });

    const { report: closed } = await admin.api.resolveReport(channelId, report.id, { status: 'actioned' });
    expect(closed).toMatchObject({ id: report.id, status: 'actioned', resolvedBy: admin.id, resolvedAt: expect.any(String) });
    // Closed is closed: another moderator's second opinion changes nothing.
    await expect(owner.api.resolveReport(channelId, report.id, { status: 'dismissed' })).rejects.toMatchObject({ status: 409, body: { code: 'REPORT_ALREADY_RESOLVED' } });
    expect((await owner.api.reports(channelId, { status: 'open' })).reports.map((r) => r.id)).not.toContain(report.id);
    // The bystander has no picture: null, in the list as in the answers.
    expect(report.reporterAvatarUrl).toBeNull();
    expect(closed.reporterAvatarUrl).toBeNull();
    expect((await owner.api.reports(channelId, { status: 'actioned' })).reports.map((r) => [r.id, r.reporterName, r.reporterAvatarUrl])).toEqual([[report.id, bystander.auth.user.displayName, null]]);
    const log = await owner.api.moderationLog(channelId, { action: 'report.resolved' });
    expect(log.entries[0]).toMatchObject({ actorId: admin.id, targetUserId: bystander.id, messageId: spam.id, details: { reportId: report.id, status: 'actioned' } });
    // Pages newest first.
    const page = await owner.api.reports(channelId, { limit: 1 });
    expect(page).toMatchObject({ reports: [{ id: report.id }], hasMore: true });
  });

  it("leaves a moderator's own report to the other moderators", async () => {
    const jab = await post('admins are clowns');
    const { report } = await admin.api.reportMessage(channelId, jab.id, { reason: 'harassment' });
    await expect(admin.api.resolveReport(channelId, report.id, { status: 'dismissed' })).rejects.toMatchObject({ status: 404, body: { code: 'REPORT_NOT_FOUND' } });
    await expect(owner.api.resolveReport(channelId, report.id, { status: 'actioned' })).resolves.toMatchObject({ report: { status: 'actioned', resolvedBy: owner.id } });
  });

  it('limits new reports per user (RATE_LIMIT_REPORTS_PER_MINUTE) with 429 and Retry-After, writing nothing', async () => {
    const heavy = await signUp(server.url, 'heavy');
    await heavy.api.join(channelId);
    const messages = await Promise.all([1, 2, 3, 4].map((n) => post(`message ${n}`)));
    for (const m of messages.slice(0, 3)) await heavy.api.reportMessage(channelId, m.id, { reason: 'spam' });
    const before = await reportRows();
    await expect(heavy.api.reportMessage(channelId, messages[3].id, { reason: 'spam' })).rejects.toMatchObject({ status: 429, body: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) } });
    expect(await reportRows()).toBe(before);
    // Asking again about a message already reported costs nothing and still answers.
    await expect(heavy.api.reportMessage(channelId, messages[0].id, { reason: 'spam' })).resolves.toMatchObject({ report: { messageId: messages[0].id } });
  });
});

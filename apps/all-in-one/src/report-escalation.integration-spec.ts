import { randomUUID } from 'node:crypto';
import type { ModerationLogResponse } from '@chat/contracts';
import { DataSource } from 'typeorm';
import { ChatApi, type ChatApiError } from '@chat/sdk';
import { connect, record, refusal, signUp, sleep, startTestApp, uniqueName, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/**
 * Seed 003 R9 and R16.5: a report nobody in its conversation can act on (a direct conversation,
 * or a report of the only owner's message) goes to the tenant's administrators, who see the
 * message and close the report from their queue; the reported person never sees who reported them.
 */
describe('reports escalated to the tenant administrators', () => {
  const opsName = uniqueName('ops');
  let server: TestApp;
  let ops: ChatApi;
  let opsId: string;
  let alice: TestUser;
  let bob: TestUser;
  const say = (from: TestUser, conversationId: string, body: string) => from.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body }).then((r) => r.message);

  beforeAll(async () => {
    server = await startTestApp(allInOne, { ADMIN_USERNAMES: opsName });
    ops = new ChatApi({ baseUrl: server.url });
    opsId = (await ops.register(opsName, 'Ops', 'password-123')).user.id;
    [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
  });
  afterAll(() => server?.close());

  it('escalates a report in a direct conversation: the administrators are told and see the message; neither person is told', async () => {
    const { conversation } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    // Bob, the author, has a picture (as the main service sets one); Alice, the reporter, has none.
    await server.app.get(DataSource).query(`UPDATE users SET avatar_url = $2 WHERE id = $1`, [bob.id, 'https://cdn.example/bob.png']);
    const sockets = await Promise.all([ops, alice.api, bob.api].map((api) => connect(server.url, api.accessToken!)));
    try {
      const [toOps, toAlice, toBob] = sockets.map((s) => record(s, 'message.reported'));
      const threat = await say(bob, conversation.id, 'I know where you live');
      const { report } = await alice.api.reportMessage(conversation.id, threat.id, { reason: 'harassment', note: 'scared' });
      expect(report).toMatchObject({ escalated: true, senderId: bob.id, reporterId: alice.id, reporterAvatarUrl: null, status: 'open' });
      await toOps.waitFor(1);
      expect(toOps.frames[0].report).toEqual(report);
      await sleep(300);
      expect([toAlice.frames.length, toBob.frames.length]).toEqual([0, 0]);

      const queue = await ops.tenantReports({ escalated: true, status: 'open' });
      expect(queue.reports).toEqual([{ ...report, conversationType: 'direct', senderName: bob.auth.user.displayName, senderAvatarUrl: 'https://cdn.example/bob.png', messageBody: 'I know where you live' }]);
      // Once the author deletes it, the queue no longer holds its text.
      await bob.api.deleteMessage(conversation.id, threat.id);
      expect((await ops.tenantReports({ escalated: true })).reports[0]).toMatchObject({ id: report.id, messageBody: null });
    } finally {
      sockets.forEach((s) => s.close());
    }
  });

  it("escalates a report of the only owner's message, which that owner can neither list nor close", async () => {
    const { conversation } = await bob.api.createConversation({ type: 'group', name: 'bob rules', memberIds: [alice.id] });
    const rant = await say(bob, conversation.id, 'my group, my rules, you fool');
    const { report } = await alice.api.reportMessage(conversation.id, rant.id, { reason: 'harassment' });
    expect(report.escalated).toBe(true);
    expect((await bob.api.reports(conversation.id)).reports).toEqual([]);
    expect(await refusal(bob.api.resolveReport(conversation.id, report.id, { status: 'dismissed' }))).toMatchObject({ status: 404, code: 'REPORT_NOT_FOUND' });
    // Nor does the conversation's moderation log tell him who reported him, before or after it is closed.
    const reportEntries = async () => (await bob.api.moderationLog(conversation.id)).entries.filter((e) => e.action === 'message.reported' || e.action === 'report.resolved');
    expect(await reportEntries()).toEqual([]);
    await ops.resolveTenantReport(report.id, { status: 'dismissed' });
    expect(await reportEntries()).toEqual([]);

    // A report the conversation's own moderators can act on stays with them.
    const carol = await signUp(server.url, 'carol');
    await bob.api.invite(conversation.id, carol.id);
    const jab = await say(alice, conversation.id, 'you fool yourself');
    expect((await carol.api.reportMessage(conversation.id, jab.id, { reason: 'harassment' })).report.escalated).toBe(false);
    expect((await bob.api.reports(conversation.id)).reports.map((r) => r.messageId)).toEqual([jab.id]);
    expect((await ops.tenantReports({ escalated: false })).reports.map((r) => r.messageId)).toContain(jab.id);
    // An administrator's own reported message is not in their queue: who reported it is not theirs to learn.
    const { conversation: withOps } = await ops.createConversation({ type: 'direct', memberIds: [alice.id] });
    const own = (await ops.sendMessage(withOps.id, { clientMessageId: randomUUID(), body: 'admins can be rude too' })).message;
    await alice.api.reportMessage(withOps.id, own.id, { reason: 'harassment' });
    expect((await ops.tenantReports()).reports.map((r) => r.messageId)).not.toContain(own.id);
  });

  it('keeps an escalated report from the admins the reported owner appoints afterwards: they neither see nor close it', async () => {
    const carol = await signUp(server.url, 'carol');
    const { conversation } = await bob.api.createConversation({ type: 'group', name: 'bob appoints', memberIds: [alice.id, carol.id] });
    const boast = await say(bob, conversation.id, 'nobody here can touch me');
    const { report } = await alice.api.reportMessage(conversation.id, boast.id, { reason: 'harassment' });
    expect(report.escalated).toBe(true);
    await bob.api.changeRole(conversation.id, carol.id, 'admin');

    expect((await carol.api.reports(conversation.id)).reports).toEqual([]);
    expect(await refusal(carol.api.resolveReport(conversation.id, report.id, { status: 'dismissed' }))).toMatchObject({ status: 404, code: 'REPORT_NOT_FOUND' });
    expect((await ops.tenantReports({ escalated: true, status: 'open' })).reports.map((r) => r.id)).toContain(report.id);
    // Nor does the conversation's log name the reporter to them, before or after the administrators close it; the tenant's log keeps both entries.
    const reportEntries = async (api: ChatApi, path: string) =>
      (await api.request<ModerationLogResponse>('GET', path)).data.entries.filter((e) => (e.action === 'message.reported' || e.action === 'report.resolved') && e.details.reportId === report.id).map((e) => e.action);
    expect(await reportEntries(carol.api, `/v1/conversations/${conversation.id}/moderation-log`)).toEqual([]);
    await ops.resolveTenantReport(report.id, { status: 'actioned' });
    expect(await reportEntries(carol.api, `/v1/conversations/${conversation.id}/moderation-log`)).toEqual([]);
    expect(await reportEntries(ops, '/v1/admin/moderation-log')).toEqual(['report.resolved', 'message.reported']);
  });

  it('keeps the first outcome of a report: closing it again is 409, and of two closings at once one wins, logged once', async () => {
    const [dan, eve, fay] = await Promise.all(['dan', 'eve', 'fay'].map((n) => signUp(server.url, n)));
    const { conversation: group } = await dan.api.createConversation({ type: 'group', name: 'dan hosts', memberIds: [bob.id, eve.id, fay.id] });
    const reportOf = async (body: string) => (await fay.api.reportMessage(group.id, (await say(bob, group.id, body)).id, { reason: 'spam' })).report;
    const statusOf = async (id: string) => (await ops.tenantReports()).reports.find((r) => r.id === id)?.status;
    const resolvedEntries = async (id: string) => (await dan.api.moderationLog(group.id, { action: 'report.resolved' })).entries.filter((e) => e.details.reportId === id);

    // An administrator's decision is not the conversation's moderators' to undo, nor the administrators' to redo.
    const decided = await reportOf('free coins');
    await ops.resolveTenantReport(decided.id, { status: 'actioned' });
    expect(await refusal(dan.api.resolveReport(group.id, decided.id, { status: 'dismissed' }))).toMatchObject({ status: 409, code: 'REPORT_ALREADY_RESOLVED', message: expect.stringContaining('actioned') });
    expect(await refusal(ops.resolveTenantReport(decided.id, { status: 'dismissed' }))).toMatchObject({ status: 409, code: 'REPORT_ALREADY_RESOLVED' });
    expect(await statusOf(decided.id)).toBe('actioned');
    expect(await resolvedEntries(decided.id)).toHaveLength(1);

    // Two at once: the second waits for the first and finds the report closed, whoever the two are.
    await dan.api.changeRole(group.id, eve.id, 'admin');
    const statuses = async (...closings: Promise<unknown>[]) => (await Promise.allSettled(closings)).map((o) => (o.status === 'fulfilled' ? 200 : (o.reason as ChatApiError).status)).sort();
    const contested = await Promise.all(['coins 1', 'coins 2', 'coins 3'].map(reportOf));
    expect(await statuses(dan.api.resolveReport(group.id, contested[0].id, { status: 'actioned' }), eve.api.resolveReport(group.id, contested[0].id, { status: 'dismissed' }))).toEqual([200, 409]);
    expect(await statuses(dan.api.resolveReport(group.id, contested[1].id, { status: 'actioned' }), ops.resolveTenantReport(contested[1].id, { status: 'dismissed' }))).toEqual([200, 409]);
    expect(await statuses(ops.resolveTenantReport(contested[2].id, { status: 'actioned' }), ops.resolveTenantReport(contested[2].id, { status: 'dismissed' }))).toEqual([200, 409]);
    for (const report of contested) expect(await resolvedEntries(report.id)).toHaveLength(1);
  });

  it('lets the administrators close any report of the tenant, logged as theirs; nobody else, and no unknown id', async () => {
    const { conversation } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    const spam = await say(bob, conversation.id, 'cheap watches');
    const { report } = await alice.api.reportMessage(conversation.id, spam.id, { reason: 'spam' });

    expect(await refusal(alice.api.tenantReports())).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(await refusal(alice.api.resolveTenantReport(report.id, { status: 'dismissed' }))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(await refusal(ops.tenantReports({ escalated: 'maybe' as unknown as boolean }))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await refusal(ops.resolveTenantReport(randomUUID(), { status: 'dismissed' }))).toMatchObject({ status: 404, code: 'REPORT_NOT_FOUND' });

    const { report: closed } = await ops.resolveTenantReport(report.id, { status: 'actioned' });
    expect(closed).toMatchObject({ id: report.id, status: 'actioned', resolvedBy: opsId, resolvedAt: expect.any(String) });
    expect((await ops.tenantReports({ status: 'open' })).reports.map((r) => r.id)).not.toContain(report.id);
    const log = (await ops.request<ModerationLogResponse>('GET', '/v1/admin/moderation-log?action=report.resolved')).data;
    expect(log.entries).toEqual(expect.arrayContaining([expect.objectContaining({ actorId: opsId, conversationId: conversation.id, messageId: spam.id, details: { reportId: report.id, status: 'actioned', by: 'tenant-admin' } })]));
  });

  it("closes every open report of an author's messages with their ban when asked, and only then", async () => {
    const [dave, erin, frank] = await Promise.all(['dave', 'erin', 'frank'].map((n) => signUp(server.url, n)));
    const { conversation: direct } = await alice.api.createConversation({ type: 'direct', memberIds: [dave.id] });
    const { conversation: group } = await frank.api.createConversation({ type: 'group', name: 'frank hosts', memberIds: [dave.id, erin.id, alice.id] });
    const report = async (by: TestUser, author: TestUser, conversationId: string, body: string) =>
      (await by.api.reportMessage(conversationId, (await say(author, conversationId, body)).id, { reason: 'spam' })).report;
    const escalated = await report(alice, dave, direct.id, 'buy coins');
    const inGroup = await report(erin, dave, group.id, 'buy more coins');
    const dismissedEarlier = await report(alice, dave, group.id, 'coins, coins');
    await frank.api.resolveReport(group.id, dismissedEarlier.id, { status: 'dismissed' });
    const someoneElses = await report(dave, erin, group.id, 'erin spams too');
    const erinsOwn = await report(alice, erin, group.id, 'erin again');

    expect(await refusal(ops.banAccount(dave.id, { closeReports: 'yes' as unknown as boolean }))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    // Without closeReports, a ban leaves the reports to their readers.
    expect((await ops.banAccount(erin.id, {})).ban.reportsClosed).toBe(0);
    expect((await frank.api.reports(group.id, { status: 'open' })).reports.map((r) => r.id)).toEqual(expect.arrayContaining([someoneElses.id, erinsOwn.id]));

    const { ban } = await ops.banAccount(dave.id, { reason: 'spam', closeReports: true });
    expect(ban.reportsClosed).toBe(2);
    const statusOf = async (conversationId: string, id: string, api = frank.api) => (await api.reports(conversationId)).reports.find((r) => r.id === id)?.status;
    expect(await statusOf(group.id, inGroup.id)).toBe('actioned');
    expect(await statusOf(group.id, dismissedEarlier.id)).toBe('dismissed');
    expect(await statusOf(group.id, someoneElses.id)).toBe('open');
    expect((await ops.tenantReports({ status: 'open' })).reports.map((r) => r.id)).not.toContain(escalated.id);
    const log = (await ops.request<ModerationLogResponse>('GET', `/v1/admin/moderation-log?action=report.resolved&actorId=${opsId}`)).data.entries;
    const byBan = log.filter((e) => e.details.by === 'account-ban');
    expect(byBan.map((e) => [e.conversationId, e.details.reportId]).sort()).toEqual(
      [
        [direct.id, escalated.id],
        [group.id, inGroup.id],
      ].sort(),
    );
  });
});

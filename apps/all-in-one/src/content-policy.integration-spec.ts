import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_TENANT_ID, type AuditEntry } from '@chat/contracts';
import { ChatApi } from '@chat/sdk';
import { connect, eventually, refusal, signUp, sleep, startTestApp, uniqueName, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const TIMEOUT_MS = 300;

/** What the moderation service was asked, and how it answers: by a word in the body. */
interface ModerationService {
  url: string;
  asked: Record<string, unknown>[];
  close(): Promise<void>;
}

/**
 * A stand-in for an operator's moderation service, speaking the documented protocol over real HTTP:
 * "harassment" is refused with a reason, "slowly" answers after the timeout, "garbled" answers
 * without a verdict; anything else is allowed.
 */
async function startModerationService(): Promise<ModerationService> {
  const asked: Record<string, unknown>[] = [];
  const readJson = async (req: IncomingMessage) => JSON.parse(Buffer.concat(await req.toArray()).toString()) as Record<string, unknown>;
  const server: Server = createServer((req, res) => {
    void readJson(req).then(async (request) => {
      asked.push(request);
      const body = String(request.body);
      if (body.includes('slowly')) await sleep(TIMEOUT_MS * 3);
      if (body.includes('garbled')) return void res.writeHead(200).end('{"verdict": "maybe"}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body.includes('harassment') ? { allowed: false, reason: 'harassment is not allowed here' } : { allowed: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/verdict`, asked, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Seed 000 FR-005 and US3 scenario 3: content that breaks the policy is refused with a clear error, and the refusal is a moderation hook. */
describe('the content policy on message bodies', () => {
  const adminName = uniqueName('moderator');
  let moderation: ModerationService;
  let server: TestApp;
  let admin: ChatApi;
  let alice: TestUser;
  let bob: TestUser;
  let conversationId: string;
  const send = (user: TestUser, body: string, to = conversationId) => user.api.sendMessage(to, { clientMessageId: randomUUID(), body });
  const bodies = async () => (await alice.api.history(conversationId)).messages.map((m) => m.body);
  const metric = async (line: string) => Number((await (await fetch(`${server.url}/metrics`)).text()).split('\n').find((l) => l.startsWith(line))?.split(' ')[1] ?? 0);

  beforeAll(async () => {
    moderation = await startModerationService();
    server = await startTestApp(allInOne, {
      CONTENT_BLOCKED_TERMS: 'buy followers, scam*',
      CONTENT_MODERATION_URL: moderation.url,
      CONTENT_MODERATION_TIMEOUT_MS: String(TIMEOUT_MS),
      ADMIN_USERNAMES: adminName,
    });
    admin = new ChatApi({ baseUrl: server.url });
    await admin.register(adminName, 'Moderator', 'password-123');
    [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
    conversationId = (await alice.api.createConversation({ type: 'group', name: 'policed', memberIds: [bob.id] })).conversation.id;
  });
  afterAll(async () => {
    await server?.close();
    await moderation?.close();
  });

  it('refuses a body with a blocked term with 422 CONTENT_POLICY_VIOLATION naming it, over REST and the socket, storing nothing', async () => {
    const refusedBefore = await metric('chat_content_policy_refusals_total{rule="blocked-term"}');
    const rest = await refusal(send(alice, 'Cheap! BUY Followers now'));
    expect(rest.status).toBe(422);
    expect(rest.body).toMatchObject({ code: 'CONTENT_POLICY_VIOLATION', message: 'The message breaks the content policy: it contains "buy followers", which this server does not allow', hint: 'Change the message and send it again' });

    const socket = await connect(server.url, bob.auth.accessToken);
    try {
      const ack = await socket.request('message.send', { conversationId, clientMessageId: randomUUID(), body: 'what a scammer' }).then(() => null, (e: unknown) => e);
      expect(ack).toMatchObject({ body: { code: 'CONTENT_POLICY_VIOLATION', message: expect.stringContaining('"scam*"') } });
    } finally {
      socket.close();
    }
    expect(await bodies()).toEqual([]);
    expect(await metric('chat_content_policy_refusals_total{rule="blocked-term"}')).toBe(refusedBefore + 2);
    // A term inside a longer word is not the term.
    await send(alice, 'followers who buy nothing; a classic');
    expect(await bodies()).toEqual(['followers who buy nothing; a classic']);
  });

  it('refuses an edit to a blocked term, leaving the message as it was', async () => {
    const { message } = await send(bob, 'an honest offer');
    const edit = await refusal(bob.api.editMessage(conversationId, message.id, 'an honest offer: buy followers'));
    expect(edit).toMatchObject({ status: 422, code: 'CONTENT_POLICY_VIOLATION' });
    const [stored] = (await alice.api.history(conversationId)).messages.filter((m) => m.id === message.id);
    expect(stored).toMatchObject({ body: 'an honest offer', version: 1, editedAt: null });
  });

  it('asks the moderation service about every plaintext body and refuses what it refuses, with its reason', async () => {
    moderation.asked.length = 0;
    const { message } = await send(alice, 'a friendly hello');
    expect(moderation.asked).toEqual([{ tenantId: DEFAULT_TENANT_ID, conversationId, senderId: alice.id, messageId: null, body: 'a friendly hello' }]);
    const refused = await refusal(send(alice, 'some harassment'));
    expect(refused.body).toMatchObject({ code: 'CONTENT_POLICY_VIOLATION', message: 'The message breaks the content policy: harassment is not allowed here' });
    await refusal(alice.api.editMessage(conversationId, message.id, 'harassment after all'));
    expect(moderation.asked.at(-1)).toMatchObject({ messageId: message.id, body: 'harassment after all' });
    expect(await bodies()).not.toContain('some harassment');
  });

  it('lets a message through when the service does not answer in time or answers without a verdict (CONTENT_MODERATION_FAIL_OPEN), counting each', async () => {
    const failuresBefore = await metric('chat_content_moderation_failures_total');
    await send(alice, 'said slowly');
    await send(alice, 'garbled words');
    expect(await bodies()).toEqual(expect.arrayContaining(['said slowly', 'garbled words']));
    expect(await metric('chat_content_moderation_failures_total')).toBe(failuresBefore + 2);
  });

  it('records each refusal in the audit log as a failure with the rule and the reason, never the body; a non-member is refused as ever, with nothing recorded', async () => {
    const carol = await signUp(server.url, 'carol');
    // A private group is not found by an outsider (404), blocked term or not.
    expect(await refusal(send(carol, 'buy followers'))).toMatchObject({ status: 404, code: 'CONVERSATION_NOT_FOUND' });
    const refusals = await eventually(async () => {
      const { entries } = await admin.auditLog({ action: 'message.policy-refused', limit: 100 });
      expect(entries).toHaveLength(5);
      return entries;
    });
    const of = (actorId: string, rule: string) => refusals.filter((e: AuditEntry) => e.actorId === actorId && e.details.rule === rule);
    expect(of(alice.id, 'blocked-term')).toEqual([expect.objectContaining({ outcome: 'failure', errorCode: 'CONTENT_POLICY_VIOLATION', conversationId, messageId: null, details: { rule: 'blocked-term', reason: 'buy followers' } })]);
    expect(of(bob.id, 'blocked-term').map((e) => e.details.reason).sort()).toEqual(['buy followers', 'scam*']);
    expect(of(alice.id, 'moderation-service').map((e) => e.messageId === null)).toEqual([false, true]);
    expect(refusals.some((e) => e.actorId === carol.id)).toBe(false);
    expect(JSON.stringify(refusals)).not.toMatch(/harassment after|Cheap|scammer/);
  });

  it('judges only a member’s plaintext, never a body meant for an end-to-end encrypted conversation: the send refuses it before the service or the record sees its words', async () => {
    const sealed = (await alice.api.createConversation({ type: 'group', name: 'sealed', memberIds: [bob.id], e2ee: true })).conversation;
    const carol = await signUp(server.url, 'carol');
    moderation.asked.length = 0;
    for (const body of ['plain harassment', 'buy followers in plaintext']) {
      expect(await refusal(send(alice, body, sealed.id))).toMatchObject({ status: 400, code: 'E2EE_CIPHERTEXT_REQUIRED' });
    }
    expect(await refusal(send(carol, 'an outsider’s hello'))).toMatchObject({ status: 404, code: 'CONVERSATION_NOT_FOUND' });
    expect(moderation.asked).toEqual([]);
    await sleep(300);
    const { entries } = await admin.auditLog({ action: 'message.policy-refused', limit: 100 });
    expect(entries.filter((e: AuditEntry) => e.conversationId === sealed.id)).toEqual([]);
  });
});

describe('the content policy when the moderation service is down and CONTENT_MODERATION_FAIL_OPEN=false', () => {
  let server: TestApp;

  beforeAll(async () => {
    // Nothing listens on port 9 (discard) here: every call fails at once.
    server = await startTestApp(allInOne, { CONTENT_MODERATION_URL: 'http://127.0.0.1:9/verdict', CONTENT_MODERATION_FAIL_OPEN: 'false' });
  });
  afterAll(() => server?.close());

  it('refuses every plaintext send with 503 SERVICE_UNAVAILABLE and a retry time, storing nothing', async () => {
    const alice = await signUp(server.url, 'alice');
    const { conversation } = await alice.api.createConversation({ type: 'channel', name: uniqueName('unchecked') });
    const refused = await refusal(alice.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'hello?' }));
    expect(refused).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', body: { retryAfterSeconds: expect.any(Number) } });
    expect((await alice.api.history(conversation.id)).messages).toEqual([]);
  });
});

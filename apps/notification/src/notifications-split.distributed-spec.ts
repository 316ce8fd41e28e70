import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { generateVAPIDKeys } from 'web-push';
import { TestMailServer, TestPushService, connect, eventually, signUp, sleep, startAll, startSplitCluster, type SplitCluster, type TestUser } from '@chat/testing';

/**
 * Notifications on the split deployment: subscriptions registered through a gateway land in the
 * command app, the notification app reads message events from Kafka and presence from Redis (which
 * the gateways write), and its queue in Postgres outlives it: killed with notifications pending and
 * events unread, it sends each message's notification once after it is back.
 */
describe('notifications through the split deployment', () => {
  const DELAY_MS = 1_000;
  const vapid = generateVAPIDKeys();
  let cluster: SplitCluster;
  let push: TestPushService;
  let mail: TestMailServer;
  let alice: TestUser;

  beforeAll(async () => {
    await startAll([(async () => (push = await new TestPushService().start()))(), (async () => (mail = await new TestMailServer().start()))()]);
    cluster = await startSplitCluster(
      {
        VAPID_PUBLIC_KEY: vapid.publicKey,
        VAPID_PRIVATE_KEY: vapid.privateKey,
        PUSH_ALLOW_HTTP_ENDPOINTS: 'true',
        SMTP_URL: mail.url,
        NOTIFICATION_DELAY_MS: String(DELAY_MS),
        NOTIFICATION_POLL_INTERVAL_MS: '100',
      },
      { auxiliary: true },
    );
    alice = await signUp(cluster.gateways[0], 'alice');
  });
  afterAll(async () => {
    await cluster?.stop();
    await Promise.all([push?.close(), mail?.close()]);
  });

  async function recipient() {
    const [, b] = cluster.gateways;
    const bob = await signUp(b, 'bob');
    const browser = push.browser();
    await bob.api.registerPushSubscription(browser.subscription);
    const { conversation } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    return { bob, browser, conversationId: conversation.id };
  }
  const send = (conversationId: string, body: string) => alice.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body });

  it('serves settings from the query app with the shared VAPID key, and pushes to an offline recipient from the notification app', async () => {
    const { bob, browser, conversationId } = await recipient();
    expect((await bob.api.notificationSettings()).vapidPublicKey).toBe(vapid.publicKey);
    await send(conversationId, 'over Kafka');
    await eventually(() => expect(push.to(browser)).toHaveLength(1), { timeoutMs: 20_000 });
    expect(browser.decrypt(push.to(browser)[0].body)).toMatchObject({ conversationId, body: 'over Kafka', count: 1 });
  });

  it('sees presence the gateways keep in Redis: a connected recipient gets nothing', async () => {
    const { bob, browser, conversationId } = await recipient();
    const socket = await connect(cluster.gateways[1], bob.auth.accessToken);
    try {
      await send(conversationId, 'you are on gateway B');
      await sleep(DELAY_MS + 1_500);
      expect(push.to(browser)).toEqual([]);
    } finally {
      socket.close();
    }
  });

  it('keeps pending notifications across a killed notification app and sends each message once after the restart', async () => {
    const { bob, browser, conversationId } = await recipient();
    const db = new Client({ connectionString: cluster.databaseUrl });
    await db.connect();
    try {
      const queued = async () => (await db.query('SELECT count(*)::int AS n FROM notification_queue WHERE user_id = $1', [bob.id])).rows[0].n;
      await send(conversationId, 'queued before the kill');
      await eventually(async () => expect(await queued()).toBe(1));
      await cluster.kill('notification');
      await send(conversationId, 'sent while it was down');
      await sleep(DELAY_MS);
      await cluster.restart('notification');
      const covered = () => push.to(browser).reduce((n, p) => n + browser.decrypt(p.body).count, 0);
      await eventually(() => expect(covered()).toBe(2), { timeoutMs: 30_000 });
      await eventually(async () => expect(await queued()).toBe(0));
      await sleep(DELAY_MS + 1_000);
      expect(covered()).toBe(2);
    } finally {
      await db.end();
    }
  });
});

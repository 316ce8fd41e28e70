import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { generateVAPIDKeys } from 'web-push';
import { ChatApi } from '@chat/sdk';
import {
  TestBrowser,
  TestMailServer,
  TestPushService,
  connect,
  eventually,
  makeWebmOpus,
  signUp,
  sleep,
  startTestApp,
  uniqueName,
  type TestApp,
  type TestUser,
} from '@chat/testing';
import { allInOne } from './definition';

/** Seed 003, requirement 8: notifications for offline recipients, by Web Push with email as the fallback. */
describe('notifications for offline recipients', () => {
  // Long enough for a reconnect, or a read and a delete right after the send, to beat it on a loaded
  // machine: at 1 s a fresh-clone CI run once pushed a message its recipient had read meanwhile.
  const DELAY_MS = 2_500;
  let server: TestApp;
  let push: TestPushService;
  let mail: TestMailServer;
  let alice: TestUser;
  let admin: ChatApi;
  const adminName = uniqueName('root');
  const vapid = generateVAPIDKeys();

  beforeAll(async () => {
    [push, mail] = await Promise.all([new TestPushService().start(), new TestMailServer().start()]);
    server = await startTestApp(allInOne, {
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      VAPID_SUBJECT: 'mailto:ops@example.com',
      PUSH_ALLOW_HTTP_ENDPOINTS: 'true',
      PUSH_SUBSCRIPTIONS_MAX: '2',
      SMTP_URL: mail.url,
      NOTIFICATION_EMAIL_FROM: 'Chat <chat@example.com>',
      PUBLIC_URL: 'https://chat.example.com',
      NOTIFICATION_DELAY_MS: String(DELAY_MS),
      NOTIFICATION_POLL_INTERVAL_MS: '50',
      NOTIFICATION_RETRY_BASE_MS: '300',
      NOTIFICATION_RETRY_MAX_MS: '2000',
      NOTIFICATION_MAX_ATTEMPTS: '3',
      NOTIFICATION_PREVIEW_CHARS: '20',
      NOTIFICATION_EMAIL_CODES_PER_HOUR: '3',
      ADMIN_USERNAMES: adminName,
    });
    alice = await signUp(server.url, 'alice');
    admin = new ChatApi({ baseUrl: server.url });
    await admin.register(adminName, 'Root', 'password-123');
  });
  afterAll(async () => {
    await server?.close();
    await Promise.all([push?.close(), mail?.close()]);
  });

  const queued = async (userId: string) => (await server.app.get(DataSource).query(`SELECT attempts, last_error FROM notification_queue WHERE user_id = $1`, [userId])) as { attempts: number; last_error: string | null }[];
  const send = (conversationId: string, body: string) => alice.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body });

  /** The code in a verification mail (English or German): "…settings: 01234567." / "…ein: 01234567.". */
  const CODE_IN_MAIL = /: (\d{8})\./;
  const codeMails = (address: string) => mail.to(address).filter((m) => CODE_IN_MAIL.test(m.text));
  const notificationMails = (address: string) => mail.to(address).filter((m) => !CODE_IN_MAIL.test(m.text));
  /** The code of the newest verification mail to `address`; the mail is sent before the request that asked for it answers. */
  const newestCode = (address: string) => CODE_IN_MAIL.exec(codeMails(address).at(-1)!.text)![1];

  /** Turns email on at `address` and verifies it with the code mailed to it, as its owner would. */
  async function verifiedEmail(user: TestUser, address = `${user.auth.user.username}@example.com`): Promise<string> {
    await user.api.updateNotificationSettings({ email: true, emailAddress: address });
    expect((await user.api.verifyNotificationEmail(newestCode(address))).settings).toMatchObject({ emailAddress: address, emailVerified: true });
    return address;
  }

  /** A user who never connected (offline), with one browser subscribed, in a direct conversation with Alice. */
  async function offlineRecipient(browser = push.browser()): Promise<{ user: TestUser; browser: TestBrowser; conversationId: string }> {
    const user = await signUp(server.url, 'bob');
    await user.api.registerPushSubscription(browser.subscription);
    const { conversation } = await alice.api.createConversation({ type: 'direct', memberIds: [user.id] });
    return { user, browser, conversationId: conversation.id };
  }

  it('pushes a message to an offline recipient as an encrypted, VAPID-signed Web Push their browser can read', async () => {
    const { user, browser, conversationId } = await offlineRecipient();
    const { message } = await send(conversationId, 'Lunch at noon? There is a new place by the river');
    const [delivered] = await eventually(() => {
      expect(push.to(browser)).toHaveLength(1);
      return push.to(browser);
    });
    expect(delivered.headers['content-encoding']).toBe('aes128gcm');
    expect(delivered.headers.ttl).toBe('86400');
    expect(delivered.headers.urgency).toBe('high');
    expect(delivered.headers.authorization).toMatch(new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${vapid.publicKey}$`));
    expect(browser.decrypt(delivered.body)).toEqual({ kind: 'messages', conversationId, title: alice.auth.user.displayName, body: 'Lunch at noon? Ther…', count: 1, seq: message.seq, icon: null });
    // The row goes once the push service has answered, which is after it got the push.
    await eventually(async () => expect(await queued(user.id)).toEqual([]));
  });

  it('shows the sender’s picture as the notification’s icon', async () => {
    const { browser, conversationId } = await offlineRecipient();
    const picture = 'https://pictures.example.org/alice.png';
    await server.app.get(DataSource).query(`UPDATE users SET avatar_url = $2 WHERE id = $1`, [alice.id, picture]);
    try {
      await send(conversationId, 'Look, a picture');
      const [delivered] = await eventually(() => {
        expect(push.to(browser)).toHaveLength(1);
        return push.to(browser);
      });
      expect(browser.decrypt(delivered.body)).toMatchObject({ title: alice.auth.user.displayName, icon: picture });
    } finally {
      await server.app.get(DataSource).query(`UPDATE users SET avatar_url = NULL WHERE id = $1`, [alice.id]);
    }
  });

  it('names a voice message and its length where the body would be', async () => {
    const { browser, conversationId } = await offlineRecipient();
    const { media } = await alice.api.uploadMedia(makeWebmOpus(7_040), { name: 'voice.webm', contentType: 'audio/webm' });
    await alice.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: '', attachments: [{ id: media.id, kind: 'voice' }] });
    await eventually(() => expect(push.to(browser)).toHaveLength(1));
    expect(browser.decrypt(push.to(browser)[0].body)).toMatchObject({ count: 1, body: 'sent a voice message (0:07)' });
  });

  it('waits NOTIFICATION_DELAY_MS and sends what came in meanwhile as one notification', async () => {
    const { browser, conversationId } = await offlineRecipient();
    const sentAt = Date.now();
    for (const body of ['one', 'two', 'three']) await send(conversationId, body);
    await eventually(() => expect(push.to(browser)).toHaveLength(1));
    expect(push.to(browser)[0].at - sentAt).toBeGreaterThanOrEqual(DELAY_MS);
    expect(browser.decrypt(push.to(browser)[0].body)).toMatchObject({ count: 3, body: '3 new messages', seq: 3 });
    await sleep(DELAY_MS + 200);
    expect(push.to(browser)).toHaveLength(1);
  });

  it('notifies nobody who is online, and drops a queued notification once its recipient comes back', async () => {
    const { user, browser, conversationId } = await offlineRecipient();
    const socket = await connect(server.url, user.auth.accessToken);
    await send(conversationId, 'you are here');
    await sleep(DELAY_MS + 300);
    expect(await queued(user.id)).toEqual([]);
    socket.close();
    await eventually(async () => expect((await alice.api.getConversation(conversationId)).members.find((m) => m.userId === user.id)?.presence).toBe('offline'));
    await send(conversationId, 'gone again?');
    await eventually(async () => expect(await queued(user.id)).toHaveLength(1));
    const back = await connect(server.url, user.auth.accessToken);
    await eventually(async () => expect(await queued(user.id)).toEqual([]));
    back.close();
    await sleep(DELAY_MS);
    expect(push.to(browser)).toEqual([]);
  });

  it('respects mute, the channels setting, and push being turned off', async () => {
    const { user, browser, conversationId } = await offlineRecipient();
    await user.api.setMuted(conversationId, true);
    await send(conversationId, 'muted');
    const { conversation: channel } = await alice.api.createConversation({ type: 'channel', name: `news-${randomUUID().slice(0, 8)}` });
    await user.api.join(channel.id);
    await send(channel.id, 'channel news');
    await user.api.updateNotificationSettings({ push: false });
    const { conversation: group } = await alice.api.createConversation({ type: 'group', name: 'team', memberIds: [user.id] });
    await send(group.id, 'push is off');
    await sleep(DELAY_MS + 300);
    expect(push.to(browser)).toEqual([]);
    expect(await queued(user.id)).toEqual([]);

    await user.api.updateNotificationSettings({ push: true, channels: true });
    await send(channel.id, 'channels on');
    await eventually(() => expect(push.to(browser)).toHaveLength(1));
    expect(browser.decrypt(push.to(browser)[0].body)).toMatchObject({ title: channel.name, body: `${alice.auth.user.displayName.slice(0, 19)}…` });
  });

  it('brings a reply to one of their own messages, and a mention of them, through a mute and channels being off, saying which', async () => {
    const { user, browser } = await offlineRecipient();
    const { conversation: group } = await alice.api.createConversation({ type: 'group', name: 'crew', memberIds: [user.id] });
    const { conversation: channel } = await alice.api.createConversation({ type: 'channel', name: `board-${randomUUID().slice(0, 8)}` });
    await user.api.join(channel.id);
    await user.api.setMuted(group.id, true);
    const theirs = (await user.api.sendMessage(group.id, { clientMessageId: randomUUID(), body: 'who has the keys?' })).message;
    const inChannel = (await user.api.sendMessage(channel.id, { clientMessageId: randomUUID(), body: 'agenda?' })).message;
    await send(group.id, 'not to you');
    await send(channel.id, 'nor this');
    await sleep(DELAY_MS + 300);
    expect(push.to(browser)).toEqual([]);

    await alice.api.sendMessage(group.id, { clientMessageId: randomUUID(), body: 'I do', replyTo: theirs.id });
    await eventually(() => expect(push.to(browser)).toHaveLength(1));
    expect(browser.decrypt(push.to(browser)[0].body)).toMatchObject({ title: 'crew', body: `${alice.auth.user.displayName} replied to you: I do`.slice(0, 19) + '…' });
    await alice.api.sendMessage(channel.id, { clientMessageId: randomUUID(), body: 'later', replyTo: inChannel.id });
    await eventually(() => expect(push.to(browser)).toHaveLength(2));
    expect(browser.decrypt(push.to(browser)[1].body)).toMatchObject({ title: channel.name });

    // Named in the muted group: through the mute too, said as a mention.
    await alice.api.sendMessage(group.id, { clientMessageId: randomUUID(), body: '@you', mentions: [user.id] });
    await eventually(() => expect(push.to(browser)).toHaveLength(3));
    expect(browser.decrypt(push.to(browser)[2].body)).toMatchObject({ title: 'crew', body: `${alice.auth.user.displayName} mentioned you: @you`.slice(0, 19) + '…' });
  });

  it('does not notify someone of the messages of a person they blocked, in a group they share, while others still notify them', async () => {
    const user = await signUp(server.url, 'bob');
    const browser = push.browser();
    await user.api.registerPushSubscription(browser.subscription);
    const carol = await signUp(server.url, 'carol');
    const { conversation: group } = await carol.api.createConversation({ type: 'group', name: 'shared', memberIds: [alice.id, user.id] });
    await user.api.block(alice.id);
    await send(group.id, 'from someone blocked');
    await sleep(DELAY_MS + 300);
    expect(await queued(user.id)).toEqual([]);
    expect(push.to(browser)).toEqual([]);

    await carol.api.sendMessage(group.id, { clientMessageId: randomUUID(), body: 'from carol' });
    await eventually(() => expect(push.to(browser)).toHaveLength(1));
    // Only Carol's message (seq 2) counts: Alice's (seq 1) is not in it.
    expect(browser.decrypt(push.to(browser)[0].body)).toMatchObject({ title: 'shared', count: 1, seq: 2 });
  });

  it('drops a queued notification when its recipient blocks the sender before it comes due', async () => {
    const user = await signUp(server.url, 'bob');
    const browser = push.browser();
    await user.api.registerPushSubscription(browser.subscription);
    const carol = await signUp(server.url, 'carol');
    const { conversation: group } = await carol.api.createConversation({ type: 'group', name: 'shared', memberIds: [alice.id, user.id] });
    await send(group.id, 'queued before the block');
    await eventually(async () => expect(await queued(user.id)).toHaveLength(1));
    await user.api.block(alice.id);
    await eventually(async () => expect(await queued(user.id)).toEqual([]));
    expect(push.to(browser)).toEqual([]);
  });

  it('drops a notification whose message was read or deleted before it came due', async () => {
    const { user, browser, conversationId } = await offlineRecipient();
    const { message } = await send(conversationId, 'read me elsewhere');
    await user.api.markRead(conversationId, message.seq);
    const second = await send(conversationId, 'never mind');
    await alice.api.deleteMessage(conversationId, second.message.id);
    await sleep(DELAY_MS + 300);
    await eventually(async () => expect(await queued(user.id)).toEqual([]));
    expect(push.to(browser)).toEqual([]);
  });

  it('falls back to email when push fails, then retries with exponential backoff and gives up after NOTIFICATION_MAX_ATTEMPTS', async () => {
    const { user, browser, conversationId } = await offlineRecipient();
    const address = await verifiedEmail(user);
    push.answer(browser, 500);
    await send(conversationId, 'by mail, please');
    await eventually(() => expect(notificationMails(address)).toHaveLength(1));
    expect(push.to(browser)).toHaveLength(1);
    expect(notificationMails(address)[0].text).toContain('by mail, please');
    expect(notificationMails(address)[0].text).toMatch(new RegExp(`Open the conversation: https://chat.example.com/#conversation=${conversationId}&seq=\\d+`));
    expect(notificationMails(address)[0].from).toBe('chat@example.com');

    mail.refusing = true;
    try {
      await send(conversationId, 'nobody takes this');
      await eventually(async () => expect((await queued(user.id))[0]).toMatchObject({ attempts: 1, last_error: expect.stringMatching(/push service answered 500; email: .*mailbox unavailable/) }));
      await eventually(() => expect(push.to(browser)).toHaveLength(4), { timeoutMs: 15_000 });
      await eventually(async () => expect(await queued(user.id)).toEqual([]));
      const tries = push.to(browser).slice(1).map((r) => r.at);
      // Jittered delays of 150–300 ms after the first try and 300–600 ms after the second.
      expect(tries[1] - tries[0]).toBeGreaterThanOrEqual(140);
      expect(tries[2] - tries[1]).toBeGreaterThanOrEqual(290);
      await sleep(1_000);
      expect(push.to(browser)).toHaveLength(4);
    } finally {
      mail.refusing = false;
    }
  });

  it('writes push and email in the recipient’s language (seed 003 req. 18.2), with its plurals', async () => {
    const { user, browser, conversationId } = await offlineRecipient();
    await user.api.updatePreferences({ locale: 'de' });
    for (const body of ['eins', 'zwei']) await send(conversationId, body);
    await eventually(() => expect(push.to(browser)).toHaveLength(1));
    expect(browser.decrypt(push.to(browser)[0].body)).toMatchObject({ count: 2, body: '2 neue Nachrichten' });

    const address = await verifiedEmail(user);
    expect(codeMails(address)[0].text).toMatch(/gib diesen Code in deinen Benachrichtigungseinstellungen ein: \d{8}\. Er gilt 30 Minuten\./);
    push.answer(browser, 500);
    await send(conversationId, 'per Post, bitte');
    await eventually(() => expect(notificationMails(address)).toHaveLength(1));
    const { text } = notificationMails(address)[0];
    expect(text).toMatch(new RegExp(`Unterhaltung öffnen: https://chat.example.com/#conversation=${conversationId}&seq=3`));
    expect(text).toContain('Du bekommst diese E-Mail, weil E-Mail-Benachrichtigungen in deinen Chat-Einstellungen eingeschaltet sind.');
    expect(text).not.toContain('Open the conversation');
  });

  it('forgets a subscription its push service says is gone (410)', async () => {
    const { user, browser, conversationId } = await offlineRecipient();
    push.answer(browser, 410);
    await send(conversationId, 'anyone?');
    await eventually(async () => expect((await user.api.pushSubscriptions()).subscriptions).toEqual([]));
    await eventually(async () => expect(await queued(user.id)).toEqual([]));
  });

  it('does not follow a redirect from a push endpoint: the send fails, the subscription stays, and where it pointed gets nothing', async () => {
    const target = push.browser();
    let redirected = 0;
    const redirector = createServer((req, res) => {
      redirected += 1;
      req.resume();
      res.writeHead(307, { location: target.endpoint }).end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    try {
      const { user, conversationId } = await offlineRecipient(new TestBrowser(`http://127.0.0.1:${(redirector.address() as AddressInfo).port}/push/redirecting`));
      await send(conversationId, 'follow me');
      await eventually(async () => expect((await queued(user.id))[0]).toMatchObject({ last_error: 'push service redirected (307), not followed' }));
      // Tried until NOTIFICATION_MAX_ATTEMPTS, each time refusing to follow.
      await eventually(async () => expect(await queued(user.id)).toEqual([]), { timeoutMs: 15_000 });
      expect(redirected).toBe(3);
      expect(push.to(target)).toEqual([]);
      // A redirect does not say the subscription is gone.
      expect((await user.api.pushSubscriptions()).subscriptions).toHaveLength(1);
    } finally {
      await new Promise((resolve) => redirector.close(resolve));
    }
  });

  describe('a push subscription ends with the login that registered it', () => {
    const password = 'password-123';
    const logIn = async (user: TestUser) => {
      const api = new ChatApi({ baseUrl: server.url });
      await api.login(user.auth.user.username, password);
      return api;
    };
    const stored = async (userId: string) =>
      ((await server.app.get(DataSource).query(`SELECT endpoint FROM push_subscriptions WHERE user_id = $1 ORDER BY endpoint`, [userId])) as { endpoint: string }[]).map((r) => r.endpoint);
    /** A browser as registered before subscriptions belonged to a login (migration 1820). */
    const registeredBeforeLogins = (browser: TestBrowser) => server.app.get(DataSource).query(`UPDATE push_subscriptions SET session_id = NULL WHERE endpoint = $1`, [browser.endpoint]);

    it('removes a login’s browsers when it logs out or is ended from another device, and only that login’s', async () => {
      const user = await signUp(server.url, 'bob');
      const [second, third] = [await logIn(user), await logIn(user)];
      const [first, other] = [push.browser(), push.browser()];
      await user.api.registerPushSubscription(first.subscription);
      await second.registerPushSubscription(other.subscription);
      const endpoints = async () => (await third.pushSubscriptions()).subscriptions.map((s) => s.endpoint).sort();
      expect(await endpoints()).toEqual([first.endpoint, other.endpoint].sort());

      await user.api.logout();
      expect(await endpoints()).toEqual([other.endpoint]);
      const secondId = (await second.sessions()).sessions.find((s) => s.current)!.id;
      await third.revokeSession(secondId);
      expect(await endpoints()).toEqual([]);
    });

    it('keeps a browser registered before logins owned it while one of the user’s logins stands, and drops it with the last', async () => {
      const user = await signUp(server.url, 'bob');
      const second = await logIn(user);
      const browser = push.browser();
      await user.api.registerPushSubscription(browser.subscription);
      await registeredBeforeLogins(browser);
      await user.api.logout();
      expect(await stored(user.id)).toEqual([browser.endpoint]);
      await second.logout();
      expect(await stored(user.id)).toEqual([]);
    });

    it('removes every browser of a banned account, and sends it nothing that was queued before the ban, by push or email', async () => {
      const { user, browser, conversationId } = await offlineRecipient();
      const older = push.browser();
      await user.api.registerPushSubscription(older.subscription);
      await registeredBeforeLogins(older);
      const address = await verifiedEmail(user);
      await send(conversationId, 'queued before the ban');
      await eventually(async () => expect(await queued(user.id)).toHaveLength(1));

      await admin.banAccount(user.id, { reason: 'spam' });
      expect(await stored(user.id)).toEqual([]);
      await eventually(async () => expect(await queued(user.id)).toEqual([]));
      expect([...push.to(browser), ...push.to(older)]).toEqual([]);
      expect(notificationMails(address)).toEqual([]);
    });
  });

  describe('the notification address is verified before it is mailed', () => {
    const codeError = (code: string) => ({ status: 400, body: { code, requestId: expect.any(String) } });
    const verificationOf = async (userId: string) =>
      ((await server.app.get(DataSource).query(`SELECT email_code_hash, email_code_attempts FROM notification_settings WHERE user_id = $1`, [userId])) as { email_code_hash: string | null; email_code_attempts: number }[])[0];

    it('mails an unverified address a code but no notification; the code verifies it, and then notifications are mailed', async () => {
      const { user, conversationId } = await offlineRecipient();
      const address = `${user.auth.user.username}@example.com`;
      const saved = await user.api.updateNotificationSettings({ push: false, email: true, emailAddress: address });
      expect(saved.settings).toMatchObject({ email: true, emailAddress: address, emailVerified: false });
      expect(codeMails(address)).toHaveLength(1);
      const [verification] = codeMails(address);
      expect(verification.from).toBe('chat@example.com');
      expect(verification.text).toMatch(/enter this code in your notification settings: \d{8}\. It works for 30 minutes\./);
      // Only a hash is stored.
      expect((await verificationOf(user.id)).email_code_hash).not.toContain(newestCode(address));

      await send(conversationId, 'not to an address nobody proved');
      await sleep(DELAY_MS + 500);
      expect(await queued(user.id)).toEqual([]);
      expect(notificationMails(address)).toEqual([]);

      const verified = await user.api.verifyNotificationEmail(newestCode(address));
      expect(verified.settings).toMatchObject({ emailAddress: address, emailVerified: true });
      expect((await user.api.notificationSettings()).settings.emailVerified).toBe(true);
      // Verified already: a retried verification answers the same.
      expect((await user.api.verifyNotificationEmail('00000000')).settings.emailVerified).toBe(true);
      await send(conversationId, 'now by mail');
      await eventually(() => expect(notificationMails(address)).toHaveLength(1));
      expect(notificationMails(address)[0].text).toContain('now by mail');
    });

    it('drops a notification queued for a verified address that was changed before it came due', async () => {
      const { user, browser, conversationId } = await offlineRecipient();
      const address = await verifiedEmail(user);
      await user.api.updateNotificationSettings({ push: false });
      await send(conversationId, 'queued while verified');
      await eventually(async () => expect(await queued(user.id)).toHaveLength(1));
      await user.api.updateNotificationSettings({ emailAddress: `other-${address}` });
      await eventually(async () => expect(await queued(user.id)).toEqual([]));
      await sleep(500);
      expect([...notificationMails(address), ...notificationMails(`other-${address}`), ...push.to(browser)]).toEqual([]);
    });

    it('refuses a wrong code, voids a code after 5 wrong tries (even for the right one), and refuses a replaced or expired code', async () => {
      const user = await signUp(server.url);
      const address = `${user.auth.user.username}@example.com`;
      await user.api.updateNotificationSettings({ email: true, emailAddress: address });
      const first = newestCode(address);
      const wrong = first === '12345678' ? '87654321' : '12345678';
      // A malformed code is refused as such, and spends no try.
      await expect(user.api.request('POST', '/v1/me/notifications/email-verification', { code: 'abc' })).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'code' })] } });
      expect((await verificationOf(user.id)).email_code_attempts).toBe(0);
      for (let i = 0; i < 5; i++) await expect(user.api.verifyNotificationEmail(wrong)).rejects.toMatchObject(codeError('EMAIL_CODE_INVALID'));
      await expect(user.api.verifyNotificationEmail(first)).rejects.toMatchObject(codeError('EMAIL_CODE_INVALID'));
      expect((await user.api.notificationSettings()).settings.emailVerified).toBe(false);

      await user.api.resendNotificationEmailCode();
      expect(codeMails(address)).toHaveLength(2);
      const second = newestCode(address);
      if (second !== first) await expect(user.api.verifyNotificationEmail(first)).rejects.toMatchObject(codeError('EMAIL_CODE_INVALID'));
      await server.app.get(DataSource).query(`UPDATE notification_settings SET email_code_expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
      await expect(user.api.verifyNotificationEmail(second)).rejects.toMatchObject(codeError('EMAIL_CODE_INVALID'));

      await user.api.resendNotificationEmailCode();
      expect((await user.api.verifyNotificationEmail(` ${newestCode(address).replace(/(\d{4})/, '$1 ')} `)).settings.emailVerified).toBe(true);
      expect(await verificationOf(user.id)).toEqual({ email_code_hash: null, email_code_attempts: 0 });
    });

    it('mails at most NOTIFICATION_EMAIL_CODES_PER_HOUR codes a user, new addresses and resends alike, refusing the change beyond', async () => {
      const user = await signUp(server.url);
      const [first, second, third] = ['one', 'two', 'three'].map((n) => `${n}-${user.auth.user.username}@example.com`);
      await user.api.updateNotificationSettings({ email: true, emailAddress: first });
      await user.api.resendNotificationEmailCode();
      await user.api.updateNotificationSettings({ emailAddress: second });
      const refused = await user.api.resendNotificationEmailCode().catch((err) => err);
      expect(refused).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) } });
      expect(refused.body.retryAfterSeconds).toBeGreaterThan(60);
      await expect(user.api.updateNotificationSettings({ emailAddress: third })).rejects.toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' } });
      expect((await user.api.notificationSettings()).settings).toMatchObject({ emailAddress: second, emailVerified: false });
      expect([codeMails(first).length, codeMails(second).length, codeMails(third).length]).toEqual([2, 1, 0]);
      // What spends no code still goes through.
      expect((await user.api.updateNotificationSettings({ channels: true })).settings.channels).toBe(true);
      await user.api.verifyNotificationEmail(newestCode(second));
    });

    it('makes a change to another mailbox unverified again, but not a change of the domain’s case, and says when there is nothing to verify', async () => {
      const user = await signUp(server.url);
      const address = await verifiedEmail(user, `dana-${user.auth.user.username}@example.com`);
      expect((await user.api.updateNotificationSettings({ channels: true })).settings.emailVerified).toBe(true);
      const sameMailbox = address.replace('@example.com', '@Example.COM');
      expect((await user.api.updateNotificationSettings({ emailAddress: sameMailbox })).settings).toMatchObject({ emailAddress: sameMailbox, emailVerified: true });
      expect(codeMails(sameMailbox)).toHaveLength(0);
      await expect(user.api.resendNotificationEmailCode()).rejects.toMatchObject({ status: 409, body: { code: 'EMAIL_VERIFICATION_NOT_PENDING' } });

      const other = `other-${address}`;
      expect((await user.api.updateNotificationSettings({ emailAddress: other })).settings).toMatchObject({ emailAddress: other, emailVerified: false });
      expect(codeMails(other)).toHaveLength(1);
      // Back to the first address: it was proven once, but is unverified now, as any change makes it.
      expect((await user.api.updateNotificationSettings({ emailAddress: address })).settings.emailVerified).toBe(false);
      await expect(user.api.verifyNotificationEmail(newestCode(other))).rejects.toMatchObject(codeError('EMAIL_CODE_INVALID'));

      await user.api.updateNotificationSettings({ emailAddress: null });
      await expect(user.api.verifyNotificationEmail(newestCode(address))).rejects.toMatchObject({ status: 409, body: { code: 'EMAIL_VERIFICATION_NOT_PENDING' } });
      await expect(user.api.resendNotificationEmailCode()).rejects.toMatchObject({ status: 409, body: { code: 'EMAIL_VERIFICATION_NOT_PENDING' } });
    });
  });

  describe('settings and push subscriptions (REST)', () => {
    it('starts from the defaults and changes only what a PATCH names', async () => {
      const user = await signUp(server.url);
      expect(await user.api.notificationSettings()).toEqual({ settings: { push: true, email: false, emailAddress: null, channels: false, emailVerified: false }, vapidPublicKey: vapid.publicKey, emailAvailable: true });
      await user.api.updateNotificationSettings({ emailAddress: 'me@example.com', email: true });
      const { settings } = await user.api.updateNotificationSettings({ channels: true });
      expect(settings).toEqual({ push: true, email: true, emailAddress: 'me@example.com', channels: true, emailVerified: false });
      expect((await user.api.updateNotificationSettings({ emailAddress: null })).settings).toMatchObject({ email: false, emailAddress: null });
    });

    it('refuses bad settings with the contract error and keeps the old ones', async () => {
      const user = await signUp(server.url);
      for (const body of [{ email: true }, { emailAddress: 'not-an-address' }, { emailAddress: `${'a'.repeat(250)}@example.com` }, { push: 'yes' }, { channels: 1 }, { emailVerified: true }]) {
        const answer = await user.api.request('PATCH', '/v1/me/notifications', body).catch((err) => err);
        expect(answer).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', requestId: expect.any(String) } });
      }
      expect((await user.api.notificationSettings()).settings).toEqual({ push: true, email: false, emailAddress: null, channels: false, emailVerified: false });
    });

    it('registers browsers idempotently, keeps at most PUSH_SUBSCRIPTIONS_MAX, and moves an endpoint to whoever registers it last', async () => {
      const [user, other] = await Promise.all([signUp(server.url), signUp(server.url)]);
      const [first, second, third] = [push.browser(), push.browser(), push.browser()];
      const created = await user.api.request('POST', '/v1/me/push-subscriptions', first.subscription);
      expect(created.status).toBe(201);
      expect((await user.api.request('POST', '/v1/me/push-subscriptions', first.subscription)).status).toBe(200);
      await user.api.registerPushSubscription(second.subscription);
      await user.api.registerPushSubscription(third.subscription);
      const endpoints = async (u: TestUser) => (await u.api.pushSubscriptions()).subscriptions.map((s) => s.endpoint).sort();
      expect(await endpoints(user)).toEqual([second.endpoint, third.endpoint].sort());
      await other.api.registerPushSubscription(third.subscription);
      expect(await endpoints(user)).toEqual([second.endpoint]);
      expect(await endpoints(other)).toEqual([third.endpoint]);
    });

    it('says what a split server without VAPID keys or a mail server cannot send, and refuses subscriptions there', async () => {
      const bare = await startTestApp(allInOne);
      try {
        const user = await signUp(bare.url);
        expect(await user.api.notificationSettings()).toMatchObject({ vapidPublicKey: null, emailAvailable: false });
        await expect(user.api.registerPushSubscription(push.browser().subscription)).rejects.toMatchObject({ status: 409, body: { code: 'OPERATION_NOT_SUPPORTED' } });
        // An address is kept, unverified (nothing can mail it a code), and no code can be asked for.
        expect((await user.api.updateNotificationSettings({ emailAddress: 'bare@example.com' })).settings).toMatchObject({ emailAddress: 'bare@example.com', emailVerified: false });
        await expect(user.api.resendNotificationEmailCode()).rejects.toMatchObject({ status: 409, body: { code: 'OPERATION_NOT_SUPPORTED' } });
      } finally {
        await bare.close();
      }
    });

    it('refuses malformed subscriptions and hides other users\' ones', async () => {
      const [user, other] = await Promise.all([signUp(server.url), signUp(server.url)]);
      const good = push.browser().subscription;
      for (const body of [
        {},
        { endpoint: good.endpoint },
        { ...good, endpoint: 'ftp://push.example.com/x' },
        { ...good, endpoint: 'not a url' },
        { ...good, keys: { ...good.keys, p256dh: good.keys.auth } },
        { ...good, keys: { ...good.keys, auth: 'short' } },
        { ...good, endpoint: `https://push.example.com/${'x'.repeat(2100)}` },
      ]) {
        const answer = await user.api.request('POST', '/v1/me/push-subscriptions', body).catch((err) => err);
        expect(answer).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
      }
      const { subscription } = await other.api.registerPushSubscription(good);
      await expect(user.api.removePushSubscription(subscription.id)).rejects.toMatchObject({ status: 404, body: { code: 'PUSH_SUBSCRIPTION_NOT_FOUND' } });
      await expect(user.api.removePushSubscription(randomUUID())).rejects.toMatchObject({ status: 404 });
      await other.api.removePushSubscription(subscription.id);
      expect((await other.api.pushSubscriptions()).subscriptions).toEqual([]);
    });
  });
});

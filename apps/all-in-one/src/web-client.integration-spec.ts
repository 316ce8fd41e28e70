import { randomUUID } from 'node:crypto';
import { generateVAPIDKeys } from 'web-push';
import { ChatApi } from '@chat/sdk';
import { TestMailServer, signUp, startAll, startTestApp, uniqueName, type TestApp } from '@chat/testing';
import { allInOne } from './definition';
import { bodies, browseAndJoin, createChannel, delivered, message, openConversation, register, send, webClientScene } from './web-client-harness';

/**
 * The browser client against the real platform, in Chromium (see web-client-harness.ts): each
 * user is a separate browser context (own localStorage, own socket), as two people on two
 * machines would be.
 */
const SCREENSHOT = '/tmp/web-client.png';

describe('web client in Chromium', () => {
  const auditorName = uniqueName('auditor');
  /** A server with default settings, and one with 5-second access tokens. */
  let server: TestApp;
  let shortTokens: TestApp;
  /** What the default server mails (notification address codes). */
  let mail: TestMailServer;
  const { person } = webClientScene({
    start: async (own) => {
      // Keys passed in, as the embedded default generates them in DATA_DIR (a test app is not embedded).
      const vapid = generateVAPIDKeys();
      mail = own(await new TestMailServer().start());
      await startAll([
        startTestApp(allInOne, { VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey, SMTP_URL: mail.url, ADMIN_USERNAMES: auditorName }).then((s) => (server = own(s))),
        startTestApp(allInOne, { ACCESS_TOKEN_TTL_SECONDS: '5' }).then((s) => (shortTokens = own(s))),
      ]);
    },
  });

  describe('on a server with default settings', () => {

    it('registers, creates a channel, and chats live with a guest who browses and joins it', async () => {
      const alice = await person(server.url);
      const bob = await person(server.url);
      const channel = uniqueName('general');

      await register(alice.page, uniqueName('alice'), 'Alice Liddell');
      await createChannel(alice.page, channel, 'Everything and nothing');
      await alice.page.locator('#conversation-list button[aria-current="true"]', { hasText: channel }).waitFor();

      // Bob: guest login, then browse (search by name) and join.
      await bob.page.getByRole('tab', { name: 'Guest' }).click();
      await bob.page.fill('#guest-username', uniqueName('bob'));
      await bob.page.fill('#guest-display-name', 'Bob Guest');
      await bob.page.click('#panel-guest button[type="submit"]');
      await bob.page.locator('#chat-screen').waitFor();
      await browseAndJoin(bob.page, channel);

      // Alice writes; Bob sees it live with her name; her copy turns from sending to delivered ✓.
      await send(alice.page, 'Hello Bob, welcome!');
      const tick = delivered(alice.page, 'Hello Bob, welcome!');
      await tick.waitFor();
      expect(await tick.locator('.status').textContent()).toContain('✓');
      await message(bob.page, 'Hello Bob, welcome!').locator('.sender', { hasText: 'Alice Liddell' }).waitFor();

      // Bob replies over two lines (Shift+Enter), Alice sees it live.
      await bob.page.fill('#composer-input', 'Hi Alice!');
      await bob.page.press('#composer-input', 'Shift+Enter');
      await bob.page.keyboard.type('Thanks for the invite.');
      await bob.page.press('#composer-input', 'Enter');
      const reply = message(alice.page, 'Thanks for the invite.');
      await reply.waitFor();
      expect(await reply.locator('.body').textContent()).toBe('Hi Alice!\nThanks for the invite.');
      // Bob joined after Alice opened the channel: his name arrives with a members reload.
      await reply.locator('.sender', { hasText: 'Bob Guest' }).waitFor();
      await delivered(bob.page, 'Thanks for the invite.').waitFor();

      // Both see the same conversation in the same order.
      expect(await bodies(alice.page)).toEqual(await bodies(bob.page));
      expect(await bob.page.locator('#members-button').textContent()).toBe('Members (2)');

      await alice.page.screenshot({ path: SCREENSHOT });

      // The owner deletes the channel (confirm() is accepted): it leaves both sidebars, and Bob is told.
      await alice.page.click('#delete-button');
      await alice.page.locator('#pane-empty').waitFor();
      await bob.page.locator('#toasts', { hasText: `“${channel}” was deleted.` }).waitFor();
      await bob.page.locator('#pane-empty').waitFor();
      for (const { page } of [alice, bob]) expect(await page.locator('#conversation-list button', { hasText: channel }).count()).toBe(0);
    });

    it('shows markup, emoji and right-to-left text as literal text', async () => {
      const owner = await signUp(server.url, 'owner');
      const { conversation } = await owner.api.createConversation({ type: 'channel', name: uniqueName('xss'), visibility: 'public' });
      const carol = await person(server.url);
      await register(carol.page, uniqueName('carol'), 'Carol');
      await browseAndJoin(carol.page, conversation.name!);

      const hostile = '<img src=x onerror=alert(1)> <script>window.__pwned = 1</script> <b>bold?</b>';
      const international = 'مرحبا بالعالم 👋🏽 שלום — héllo 日本語 👩‍👩‍👧';
      await owner.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: hostile });
      await send(carol.page, international);

      await message(carol.page, 'onerror').waitFor();
      await delivered(carol.page, 'שלום').waitFor();
      expect(await bodies(carol.page)).toEqual([hostile, international]);
      expect(await carol.page.locator('#message-list img, #message-list script, #message-list b').count()).toBe(0);
      expect(await carol.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      // Direction follows the text itself (dir=auto), so Arabic/Hebrew lines read right to left.
      expect(await message(carol.page, 'שלום').locator('.body').getAttribute('dir')).toBe('auto');

      // Removed by the owner: the conversation closes and leaves the sidebar, with a notice.
      const carolId = await carol.page.evaluate(() => JSON.parse(localStorage.getItem('chat.session.v1')!).user.id as string);
      await owner.api.kick(conversation.id, carolId);
      await carol.page.locator('#toasts', { hasText: 'You were removed from' }).waitFor();
      await carol.page.locator('#pane-empty').waitFor();
      expect(await carol.page.locator('#conversation-list button').count()).toBe(0);
    });

    it('sets what notifies me in the Notifications dialog, verifying a new address with the mailed code, showing the server’s refusals and the browser’s', async () => {
      const dana = await person(server.url);
      await register(dana.page, uniqueName('dana'), 'Dana');
      const { page } = dana;
      const error = page.locator('#notifications-form .form-error');
      await page.click('#notifications-button');
      await page.locator('#notify-push-note', { hasText: 'asks this browser for permission' }).waitFor();
      expect(await page.isChecked('#notify-push')).toBe(true);

      // The browser takes "dana@localhost" as an address; the server does not, and says which field.
      await page.uncheck('#notify-push');
      await page.check('#notify-email');
      await page.fill('#notify-email-address', 'dana@localhost');
      await page.click('#notifications-form button[type="submit"]');
      await error.filter({ hasText: 'emailAddress' }).waitFor();

      // A new address: saved, and the dialog stays open for the code mailed to it.
      await page.fill('#notify-email-address', 'dana@example.com');
      await page.check('#notify-channels');
      await page.click('#notifications-form button[type="submit"]');
      await page.locator('#notify-email-status', { hasText: 'We sent a code to dana@example.com' }).waitFor();
      const newestCode = () => /: (\d{8})\./.exec(mail.to('dana@example.com').at(-1)!.text)![1];
      const firstCode = newestCode();
      await page.fill('#notify-email-code', firstCode === '00000000' ? '11111111' : '00000000');
      await page.click('#notify-email-verify');
      await error.filter({ hasText: 'This code does not verify the address' }).waitFor();
      await page.click('#notify-email-resend');
      await page.locator('#notify-email-status', { hasText: 'We sent a new code to dana@example.com' }).waitFor();
      expect(mail.to('dana@example.com')).toHaveLength(2);
      expect(await error.isHidden()).toBe(true);
      await page.fill('#notify-email-code', newestCode());
      await page.press('#notify-email-code', 'Enter');
      await page.locator('#notify-email-status', { hasText: 'dana@example.com is verified' }).waitFor();
      expect(await page.isHidden('#notify-email-code-field')).toBe(true);
      await page.click('#notifications-form button[data-close].ghost:not(.icon)');
      await page.locator('#notifications-dialog').waitFor({ state: 'hidden' });

      // Push on: the settings are saved, and the dialog says why this browser was not subscribed
      // (headless Chromium denies the permission prompt).
      await page.click('#notifications-button');
      await page.waitForFunction(() => (document.getElementById('notify-email-address') as HTMLInputElement).value === 'dana@example.com');
      expect([await page.isChecked('#notify-email'), await page.isChecked('#notify-channels'), await page.isChecked('#notify-push')]).toEqual([true, true, false]);
      expect(await page.textContent('#notify-email-status')).toBe('dana@example.com is verified: email notifications go there.');
      await page.check('#notify-push');
      await page.click('#notifications-form button[type="submit"]');
      await error.filter({ hasText: 'Saved. This browser is not subscribed: Notifications are blocked' }).waitFor();
      await page.reload();
      await page.click('#notifications-button');
      await page.waitForFunction(() => (document.getElementById('notify-email-address') as HTMLInputElement).value === 'dana@example.com');
      expect(await page.isChecked('#notify-push')).toBe(true);
      // The one expected: Chromium logs the server's 400 for the refused address.
      expect(dana.problems.splice(0).filter((p) => !/status of 400/.test(p))).toEqual([]);
    });

    it('lets an owner ban a member from the member panel and read it in the moderation log; the banned member is told and cannot rejoin', async () => {
      const owner = await person(server.url);
      const fred = await person(server.url);
      const channel = uniqueName('moderated');
      await register(owner.page, uniqueName('owner'), 'Olga Owner');
      await createChannel(owner.page, channel);
      await register(fred.page, uniqueName('fred'), 'Fred Flame');
      await browseAndJoin(fred.page, channel);

      await owner.page.click('#members-button');
      await owner.page.getByRole('button', { name: 'Ban Fred Flame' }).click();
      await fred.page.locator('#toasts', { hasText: `You were banned from “${channel}”` }).waitFor();
      await owner.page.locator('#member-list li', { hasText: 'Fred Flame' }).waitFor({ state: 'detached' });
      // Owners see no moderation buttons for themselves.
      expect(await owner.page.getByRole('button', { name: 'Ban Olga Owner' }).count()).toBe(0);

      // The moderation log says it in words, newest first, and searches by name.
      await owner.page.click('#moderation-button');
      await owner.page.locator('#moderation-entries li', { hasText: 'Olga Owner banned Fred Flame' }).waitFor();
      await owner.page.fill('#moderation-search', 'nobody-by-that-name');
      await owner.page.press('#moderation-search', 'Enter');
      await owner.page.locator('#moderation-status', { hasText: 'Nothing matches “nobody-by-that-name”' }).waitFor();
      await owner.page.click('#moderation-dialog [data-close]');

      await fred.page.click('#browse-button');
      await fred.page.fill('#browse-search', channel);
      await fred.page.locator('#browse-results li', { hasText: channel }).getByRole('button', { name: `Join ${channel}` }).click();
      await fred.page.locator('#browse-refusal', { hasText: 'You are banned from this conversation' }).waitFor();
      // The search typed before the click may answer after the refusal; the refusal stays in view.
      await fred.page.locator('#browse-status', { hasText: '1 channel shown.' }).waitFor();
      expect(await fred.page.isVisible('#browse-refusal')).toBe(true);

      // Lifted from the dialog's "Banned now" list, the log records it and Fred can join again.
      await owner.page.click('#moderation-button');
      await owner.page.getByRole('button', { name: 'Lift the ban on Fred Flame' }).click();
      await owner.page.locator('#moderation-entries li', { hasText: 'Olga Owner lifted the ban on Fred Flame' }).waitFor();
      expect(await owner.page.isHidden('#moderation-bans-section')).toBe(true);
      await fred.page.locator('#browse-results li', { hasText: channel }).getByRole('button', { name: `Join ${channel}` }).click();
      await fred.page.locator('#pane-title', { hasText: channel }).waitFor();
      // The one expected: Chromium logs the server's 403 for the refused join.
      expect(fred.problems.splice(0).filter((p) => !/status of 403/.test(p))).toEqual([]);
    });

    it('offers administrators the audit log: the week counted per action, entries filtered by outcome; nobody else sees it', async () => {
      const auditor = await person(server.url);
      const other = await person(server.url);
      const stranger = uniqueName('stranger');
      await expect(new ChatApi({ baseUrl: server.url }).login(stranger, 'wrong-password')).rejects.toMatchObject({ status: 401 });
      const othersMe = other.page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/me');
      await register(other.page, uniqueName('plain'), 'Pat Plain');
      await register(auditor.page, auditorName, 'Ada Auditor');
      expect((await othersMe).status()).toBe(200);
      expect(await other.page.isHidden('#audit-button')).toBe(true);

      await auditor.page.click('#audit-button');
      await auditor.page.locator('#audit-entries li', { hasText: 'Registration by Pat Plain' }).waitFor();
      await auditor.page.locator('#audit-summary-rows tr', { hasText: 'Registration' }).waitFor();
      await auditor.page.selectOption('#audit-outcome', 'failure');
      await auditor.page.locator('#audit-entries li', { hasText: `Login by Someone (as “${stranger}”) failed (INVALID_CREDENTIALS)` }).waitFor();
      expect(await auditor.page.locator('#audit-entries li', { hasText: 'Registration by Pat Plain' }).count()).toBe(0);
    });

    it('pages through older history with the chosen page size, in seq order', async () => {
      const dave = await signUp(server.url, 'dave');
      const { conversation } = await dave.api.createConversation({ type: 'channel', name: uniqueName('history'), visibility: 'public' });
      const expected = Array.from({ length: 120 }, (_, i) => `seed message ${String(i + 1).padStart(3, '0')}`);
      for (const body of expected) await dave.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body });

      const { page } = await person(server.url);
      await page.fill('#login-username', dave.auth.user.username);
      await page.fill('#login-password', 'password-123');
      await page.click('#panel-login button[type="submit"]');
      await openConversation(page, conversation.name!);

      // First page: the default 50, the newest ones.
      expect(await page.inputValue('#page-size')).toBe('50');
      expect(await bodies(page)).toEqual(expected.slice(70));
      await page.click('#load-older-button');
      await page.waitForFunction(() => document.querySelectorAll('#message-list li.message').length === 100);
      expect(await bodies(page)).toEqual(expected.slice(20));

      // A bigger page reaches the start; the button gives way to the start-of-conversation note.
      await page.selectOption('#page-size', '100');
      await page.click('#load-older-button');
      await page.locator('#history-start').waitFor();
      expect(await bodies(page)).toEqual(expected);
      expect(await page.locator('#load-older-button').isHidden()).toBe(true);
      expect(await page.$$eval('#message-list li.message', (nodes) => nodes.map((n) => Number((n as HTMLElement).dataset.seq)))).toEqual(expected.map((_, i) => i + 1));
    });
  });

  describe('on a server with 5-second access tokens', () => {
    it('survives a network drop: reconnect attempts, offline with Reconnect, a send waiting for the connection, catch-up, expiry and reload', async () => {
      const friend = await signUp(shortTokens.url, 'friend');
      const { conversation } = await friend.api.createConversation({ type: 'channel', name: uniqueName('ops'), visibility: 'public' });
      // The friend writes through the SDK; with 5 s tokens each message starts with a token renewal.
      let refreshToken = friend.auth.refreshToken;
      const friendSays = async (body: string) => {
        refreshToken = (await friend.api.refresh(refreshToken)).refreshToken;
        await friend.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body });
      };
      const erin = await person(shortTokens.url);
      await register(erin.page, uniqueName('erin'), 'Erin');
      await browseAndJoin(erin.page, conversation.name!);
      await friendSays('before the drop');
      await message(erin.page, 'before the drop').waitFor();

      // The network goes away: the socket drops and every reconnect attempt fails.
      await erin.context.setOffline(true);
      const banner = erin.page.locator('#connection-banner');
      await banner.getByText(/Reconnecting \(attempt [1-5]\/5\)/).waitFor();
      await friendSays('missed one');
      await friendSays('missed two');

      // A send meanwhile waits for the connection rather than failing.
      await send(erin.page, 'sent during the outage');
      const waiting = erin.page.locator('#message-list li.message.mine[data-status="waiting"]', { hasText: 'sent during the outage' });
      await waiting.waitFor();
      expect(await waiting.textContent()).toContain('Waiting to send');

      // Five failed attempts (about 17 s of backoff) end in "offline" with a Reconnect button, which starts a fresh round.
      await banner.getByText('You are offline').waitFor({ timeout: 45_000 });
      await erin.page.getByRole('button', { name: 'Reconnect' }).click();
      await banner.getByText(/Reconnecting \(attempt 1\/5\)/).waitFor();
      // The network comes back: the client reconnects by itself, catches up, and the waiting send goes out.
      await erin.context.setOffline(false);
      await banner.waitFor({ state: 'hidden' });
      await message(erin.page, 'missed two').waitFor();
      await delivered(erin.page, 'sent during the outage').waitFor();
      expect(await bodies(erin.page)).toEqual(['before the drop', 'missed one', 'missed two', 'sent during the outage']);
      await friendSays('live again');
      await message(erin.page, 'live again').waitFor();

      // The login survives a reload (localStorage), its access token long expired by now.
      await erin.page.reload();
      await erin.page.locator('#chat-screen').waitFor();
      await openConversation(erin.page, conversation.name!);
      expect(await bodies(erin.page)).toEqual(['before the drop', 'missed one', 'missed two', 'sent during the outage', 'live again']);
      expect(await erin.page.locator('#login-screen').isHidden()).toBe(true);
      // Chromium itself logs the refused connections and expired-token 401s; nothing else may appear.
      expect(erin.problems.splice(0).filter((p) => !/WebSocket|ERR_INTERNET_DISCONNECTED|401/.test(p))).toEqual([]);
    });
  });
});

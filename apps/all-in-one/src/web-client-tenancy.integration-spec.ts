import { randomUUID } from 'node:crypto';
import { ChatApi } from '@chat/sdk';
import { connect, eventually, startAll, startTestApp, uniqueName, type TestApp } from '@chat/testing';
import type { Page } from 'playwright-core';
import { delivered, logIn, message, NETWORK_NOISE, openConversation, register, webClientScene } from './web-client-harness';
import { allInOne } from './definition';

const UPGRADE_URL = 'https://billing.example.com/upgrade';

/** The web client on a server hosting several organizations (seed 003 R13.1), where anyone may create one. */
describe('web client: organizations', () => {
  let multi: TestApp;
  let single: TestApp;

  const people = webClientScene({
    start: (own) =>
      startAll([
        // A flag's change reaches open pages within a second (FEATURE_FLAGS_CACHE_MS + FEATURE_FLAGS_REFRESH_SPREAD_MS), not 15.
        startTestApp(allInOne, { TENANCY_MODE: 'multi', TENANT_SELF_SERVICE: 'true', TENANT_UPGRADE_URL: UPGRADE_URL, FEATURE_FLAGS_CACHE_MS: '500', FEATURE_FLAGS_REFRESH_SPREAD_MS: '500' }).then(
          (s) => (multi = own(s)),
        ),
        startTestApp(allInOne).then((s) => (single = own(s))),
      ]),
  });

  it('creates an organization from the login screen, whose link lets a colleague register into it; an unknown one is refused', async () => {
    const slug = `org-${randomUUID().slice(0, 8)}`;
    const founder = await people.person(multi.url);
    const { page } = founder;
    await page.locator('#organization-field').waitFor();
    await page.getByRole('tab', { name: 'New organization' }).click();
    await page.fill('#organization-slug', slug);
    await page.fill('#organization-name', 'Widgets Inc');
    await page.fill('#organization-username', 'founder');
    await page.fill('#organization-display-name', 'The Founder');
    await page.fill('#organization-password', 'password-123');
    await page.click('#panel-organization button[type="submit"]');
    await page.locator('#chat-screen').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('chat.organization.v1'))).toBe(slug);

    const colleague = await people.person(`${multi.url}/?tenant=${slug}`);
    // The field is filled once GET /v1/tenancy says the server hosts several organizations.
    await colleague.page.locator('#organization-field').waitFor();
    expect(await colleague.page.inputValue('#organization')).toBe(slug);
    const name = uniqueName('colleague');
    await register(colleague.page, name, 'A Colleague');
    const api = new ChatApi({ baseUrl: multi.url, tenant: slug });
    await api.login(name, 'password-123');
    expect((await api.tenant()).tenant).toMatchObject({ slug, name: 'Widgets Inc' });
    expect((await api.findUsers({ q: 'founder' })).users.map((u) => u.displayName)).toEqual(['The Founder']);

    const stranger = await people.person(multi.url);
    await stranger.page.fill('#organization', 'no-such-org');
    await stranger.page.fill('#login-username', 'someone');
    await stranger.page.fill('#login-password', 'password-123');
    await stranger.page.click('#panel-login button[type="submit"]');
    const error = stranger.page.locator('#panel-login .form-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('no-such-org');
    // The refused login's one line, and nothing else.
    expect(stranger.problems.splice(0)).toEqual(['console error: Failed to load resource: the server responded with a status of 404 (Not Found)']);
  });

  it("shows an organization's administrators its use and limits, turns a feature off for everyone, and exports all its data for download; others see no such button", async () => {
    const slug = `org-${randomUUID().slice(0, 8)}`;
    await new ChatApi({ baseUrl: multi.url }).createTenant({ slug, name: 'Gizmos Ltd', admin: { username: 'boss', displayName: 'Boss', password: 'password-123' } });
    const member = uniqueName('member');
    await new ChatApi({ baseUrl: multi.url, tenant: slug }).register(member, 'Member', 'password-123');

    const { page } = await people.person(`${multi.url}/?tenant=${slug}`);
    await logIn(page, 'boss');
    await page.click('#organization-button');
    await page.locator('#organization-usage tr', { hasText: 'Open connections' }).waitFor();
    expect(await page.textContent('#organization-dialog-name')).toBe('Gizmos Ltd');
    expect(await page.textContent('#organization-usage')).toContain('No limit');
    expect(await page.getAttribute('#organization-upgrade', 'href')).toBe(UPGRADE_URL);
    // A new organization takes no guests until its administrators say so.
    expect(await page.isChecked('#organization-guests')).toBe(false);
    await page.check('#organization-guests');
    await eventually(() => new ChatApi({ baseUrl: multi.url, tenant: slug }).guest(uniqueName('visitor')));

    // Businesses off for everyone: the member's page has no Businesses button, and the server refuses its routes.
    const businesses = page.locator('#organization-features li[data-key="businesses"]');
    await businesses.getByRole('checkbox').uncheck();
    await businesses.getByRole('button', { name: 'Save' }).click();
    await businesses.getByText('Saved.').waitFor();

    await page.click('#organization-export');
    const ready = page.locator('#organization-exports li[data-status="ready"]');
    await ready.waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), ready.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.ndjson\.gz$/);

    const other = await people.person(`${multi.url}/?tenant=${slug}`);
    await logIn(other.page, member);
    expect(await other.page.locator('#organization-button').isHidden()).toBe(true);
    await other.page.waitForFunction(() => document.documentElement.dataset.featuresOff?.includes('businesses'));
    expect(await other.page.locator('#business-button').isHidden()).toBe(true);
  });

  it('offers a member no reaction, pin or typing while those features are off for them (the reactions and pins made still show), and all of them to a member forced on', async () => {
    const slug = `org-${randomUUID().slice(0, 8)}`;
    await new ChatApi({ baseUrl: multi.url }).createTenant({ slug, name: 'Flags Co', admin: { username: 'boss', displayName: 'Boss', password: 'password-123' } });
    const boss = new ChatApi({ baseUrl: multi.url, tenant: slug });
    await boss.login('boss', 'password-123');
    const [plain, forced] = await Promise.all(
      ['plain', 'forced'].map(async (who) => {
        const username = uniqueName(who);
        return { username, ...(await new ChatApi({ baseUrl: multi.url, tenant: slug }).register(username, `${who} member`, 'password-123')) };
      }),
    );
    const title = uniqueName('flags');
    const conversationId = (await boss.createConversation({ type: 'group', name: title, memberIds: [plain.user.id, forced.user.id] })).conversation.id;
    const note = (await boss.sendMessage(conversationId, { clientMessageId: randomUUID(), body: 'Pinned before the switch' })).message;
    await boss.pin(conversationId, note.id);
    await boss.react(conversationId, note.id, '👍');

    // Off for everyone in the organization but the member forced on.
    const gated = ['message-reactions', 'message-pins', 'typing-indicators'] as const;
    for (const key of gated) await boss.setFeatureFlag(key, { enabled: false, overrides: [{ userId: forced.user.id, enabled: true }] });
    const watcher = await connect(multi.url, boss.accessToken!);
    try {
      await watcher.request('conversation.join', { conversationId });
      const typists = new Set<string>();
      watcher.socket.on('typing', ({ userIds }) => userIds.forEach((id) => typists.add(id)));
      const bar = (page: Page) => page.getByRole('region', { name: 'Pinned messages' });
      const pinsDialog = (page: Page) => page.getByRole('dialog', { name: 'Pinned messages' });
      const toolbar = async (page: Page) => {
        await message(page, 'Pinned before the switch').hover();
        return message(page, 'Pinned before the switch').locator('.message-toolbar button').evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.control));
      };

      // The plain member: the reaction shows, read-only; Reply, Copy link and Report but no reactions, Pin or Unpin; the pin shows without Unpin.
      const typingSent: string[] = [];
      const member = await people.person(`${multi.url}/?tenant=${slug}`, async (page) => {
        page.on('websocket', (ws) => ws.on('framesent', ({ payload }) => /^\d+\["typing",/.test(String(payload)) && typingSent.push(String(payload))));
      });
      await logIn(member.page, plain.username);
      await member.page.waitForFunction((keys) => keys.every((key) => document.documentElement.dataset.featuresOff?.split(' ').includes(key)), [...gated]);
      await openConversation(member.page, title);
      const shown = message(member.page, 'Pinned before the switch');
      await shown.getByRole('img', { name: '👍 1 reaction' }).waitFor();
      // Not drawn as pressable: by the stylesheet, since the page's CSP refuses inline styles.
      expect(await shown.getByRole('img', { name: '👍 1 reaction' }).evaluate((n) => getComputedStyle(n).cursor)).toBe('default');
      expect(await shown.locator('.reactions button').count()).toBe(0);
      expect(await toolbar(member.page)).toEqual(['toolbar Reply', 'toolbar Link', 'toolbar Report']);
      await bar(member.page).getByText('Pinned before the switch').waitFor();
      await member.page.click('#pinned-all');
      await pinsDialog(member.page).getByText('Pinned by Boss').waitFor();
      expect(await pinsDialog(member.page).getByRole('button', { name: /^Unpin/ }).count()).toBe(0);
      await member.page.keyboard.press('Escape');
      // Their typing is never sent, so it reaches nobody; what they send still goes.
      await member.page.click('#composer-input');
      await member.page.keyboard.type('Typed with indicators off', { delay: 20 });
      await member.page.press('#composer-input', 'Enter');
      await delivered(member.page, 'Typed with indicators off').waitFor();

      // The member forced on: reactions, Unpin and typing, all of them accepted.
      const other = await people.person(`${multi.url}/?tenant=${slug}`);
      await logIn(other.page, forced.username);
      await openConversation(other.page, title);
      expect(await toolbar(other.page)).toEqual(expect.arrayContaining(['toolbar 👍', 'toolbar Pin', 'toolbar Reply']));
      const react = message(other.page, 'Pinned before the switch').getByRole('button', { name: 'React with 👍' });
      await react.click();
      await message(other.page, 'Pinned before the switch').getByRole('button', { name: '👍 2 reactions, including mine' }).waitFor();
      await other.page.click('#pinned-all');
      await pinsDialog(other.page).getByRole('button', { name: 'Unpin the message by Boss' }).waitFor();
      await other.page.keyboard.press('Escape');
      await other.page.click('#composer-input');
      await other.page.keyboard.type('Typed with indicators forced on', { delay: 20 });
      await eventually(async () => expect(typists.has(forced.user.id)).toBe(true), { timeoutMs: 10_000, intervalMs: 100 });
      expect(typingSent).toEqual([]);
      expect(typists.has(plain.user.id)).toBe(false);
    } finally {
      watcher.close();
      for (const key of gated) await boss.setFeatureFlag(key, { enabled: true });
    }
  });

  it("follows an administrator's change of a flag while the page is open: the controls go, and come back, without a reload", async () => {
    const slug = `org-${randomUUID().slice(0, 8)}`;
    await new ChatApi({ baseUrl: multi.url }).createTenant({ slug, name: 'Live Co', admin: { username: 'boss', displayName: 'Boss', password: 'password-123' } });
    const boss = new ChatApi({ baseUrl: multi.url, tenant: slug });
    await boss.login('boss', 'password-123');
    const username = uniqueName('member');
    const { user } = await new ChatApi({ baseUrl: multi.url, tenant: slug }).register(username, 'Member', 'password-123');
    const title = uniqueName('live');
    const conversationId = (await boss.createConversation({ type: 'group', name: title, memberIds: [user.id] })).conversation.id;
    await boss.sendMessage(conversationId, { clientMessageId: randomUUID(), body: 'React while you can' });

    const person = await people.person(`${multi.url}/?tenant=${slug}`);
    const { page, context } = person;
    await logIn(page, username);
    await openConversation(page, title);
    const shown = message(page, 'React while you can');
    const toolbar = async () => {
      await shown.hover();
      return shown.locator('.message-toolbar button').evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.control));
    };
    const featuresOff = () => page.evaluate(() => document.documentElement.dataset.featuresOff ?? '');
    await eventually(async () => expect(await toolbar()).toEqual(expect.arrayContaining(['toolbar 👍', 'toolbar Pin'])));
    expect(await page.locator('#business-button').isVisible()).toBe(true);

    await boss.setFeatureFlag('message-reactions', { enabled: false });
    await boss.setFeatureFlag('businesses', { enabled: false });
    await page.waitForFunction(() => ['message-reactions', 'businesses'].every((key) => document.documentElement.dataset.featuresOff?.split(' ').includes(key)));
    await eventually(async () => expect(await toolbar()).not.toContain('toolbar 👍'));
    expect(await toolbar()).toContain('toolbar Pin');
    expect(await page.locator('#business-button').isHidden()).toBe(true);

    await boss.setFeatureFlag('message-reactions', { enabled: true });
    await boss.setFeatureFlag('businesses', { enabled: true });
    await page.waitForFunction(() => !document.documentElement.dataset.featuresOff);
    expect(await featuresOff()).toBe('');
    await eventually(async () => expect(await toolbar()).toContain('toolbar 👍'));
    expect(await page.locator('#business-button').isVisible()).toBe(true);
    await shown.getByRole('button', { name: 'React with 👍' }).click();
    await shown.getByRole('button', { name: '👍 1 reaction, including mine' }).waitFor();

    // Changed while the page's socket was down, its frame lost: the reconnect asks again.
    await context.setOffline(true);
    await page.locator('#connection-banner').getByText(/Reconnecting/).waitFor();
    await boss.setFeatureFlag('message-pins', { enabled: false });
    await context.setOffline(false);
    await page.waitForFunction(() => document.documentElement.dataset.featuresOff === 'message-pins');
    await eventually(async () => expect(await toolbar()).not.toContain('toolbar Pin'));
    expect(person.problems.splice(0).filter((p) => !NETWORK_NOISE.test(p))).toEqual([]);
  });

  it('asks nothing about organizations on a single-tenant server', async () => {
    let asked: Promise<unknown> = Promise.resolve();
    const { page } = await people.person(single.url, async (p) => {
      asked = p.waitForResponse((r) => r.url().endsWith('/v1/tenancy'));
    });
    await asked;
    await page.locator('#panel-login').waitFor();
    expect(await page.locator('#organization-field').isHidden()).toBe(true);
    expect(await page.locator('#tab-organization').isHidden()).toBe(true);
    await register(page, uniqueName('solo'), 'Solo');
  });
});

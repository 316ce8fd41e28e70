import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { ChatApi } from '@chat/sdk';
import { freePort, signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';
import { MainService, TOKEN } from './main-service';
import { codeOf, ssoLogin } from './sso-browser';
import { CLIENT, TestIdp } from './sso-idp';
import { BrowserPeople, logIn, message, openConversation, type Person } from './web-client-harness';

/** The picture drawn in a message's avatar, once the browser has loaded it (null while it shows initials). */
async function loadedPicture(page: Page, text: string): Promise<{ src: string; alt: string } | null> {
  const avatar = message(page, text).locator('.avatar');
  return avatar.evaluate((node) => {
    const img = node.querySelector('img');
    return img && img.complete && img.naturalWidth > 0 ? { src: img.getAttribute('src')!, alt: img.alt } : null;
  });
}

/**
 * Seed 004 R3/R9: avatars from the main service in the browser client. Bob, in a direct
 * conversation with Ann (an SSO account whose profile comes from the main service), sees her
 * picture beside her message, its alt text her name; when the main service's picture stops loading
 * he sees her initials again, and a new picture replaces them live, without reloading.
 */
describe('web client: avatars from the main service', () => {
  const browsers = new BrowserPeople();
  let main: MainService;
  let idp: TestIdp;
  let server: TestApp;
  let bobUser: TestUser;
  let bob: Person;
  let annSub: string;
  /** What the browser may log for a picture that does not load: the fallback below provokes it on purpose. */
  let brokenPictures = 0;

  beforeAll(async () => {
    const idpPort = await freePort();
    main = await MainService.start();
    await browsers.start(
      startTestApp(allInOne, {
        OIDC_ISSUER_URL: `http://127.0.0.1:${idpPort}`,
        OIDC_CLIENT_ID: CLIENT.id,
        OIDC_CLIENT_SECRET: CLIENT.secret,
        PROFILE_SOURCE_URL: main.url,
        PROFILE_SOURCE_TOKEN: TOKEN,
        PROFILE_AVATAR_ORIGINS: main.url,
        PROFILE_REFRESH_INTERVAL_SECONDS: '0',
      }).then((s) => (server = s)),
    );
    idp = await TestIdp.start(idpPort, [`${server.url}/v1/auth/sso/callback`]);
    annSub = randomUUID();
    await idp.account(annSub, { name: 'Ann', preferred_username: 'ann' });
    main.set(annSub, 'Ann Main', main.avatar('ann'));
    const ann = new ChatApi({ baseUrl: server.url });
    await ann.exchangeSsoCode(codeOf(await ssoLogin(server, annSub)));
    bobUser = await signUp(server.url, 'bob');
    const { conversation } = await ann.createConversation({ type: 'direct', memberIds: [bobUser.id] });
    await ann.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'Hello with a picture' });
    bob = await browsers.person(server.url);
    await logIn(bob.page, bobUser.auth.user.username);
  });

  afterAll(async () => {
    await browsers.close();
    await server?.close();
    await idp?.close();
    await main?.close();
  });

  afterEach(() => {
    const unexpected = bob.problems.filter((p) => !p.includes('Failed to load resource'));
    expect(unexpected).toEqual([]);
    expect(bob.problems.length - unexpected.length).toBeLessThanOrEqual(brokenPictures);
  });

  it('draws the sender’s picture with her name as alt text, initials when it does not load, and a new picture live', async () => {
    await openConversation(bob.page, 'Ann Main');
    await bob.page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('#message-list li.message .avatar img');
      return img?.complete && img.naturalWidth > 0;
    });
    expect(await loadedPicture(bob.page, 'Hello with a picture')).toEqual({ src: main.avatar('ann'), alt: 'Ann Main' });
    // Bob has no picture: his own avatar is his initials.
    expect(await bob.page.locator('#me-avatar img').count()).toBe(0);

    // The main service's picture moves somewhere that answers 404: the initials come back.
    brokenPictures++;
    main.set(annSub, 'Ann Main', `${main.url}/gone/ann.png`);
    expect((await fetch(`${server.url}/v1/internal/profile-updates`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ ids: [annSub] }) })).status).toBe(200);
    const avatar = message(bob.page, 'Hello with a picture').locator('.avatar');
    await bob.page.waitForFunction(() => document.querySelector('#message-list li.message .avatar')?.textContent === 'AM');
    expect(await avatar.locator('img').count()).toBe(0);

    // A new picture: drawn at once, without reloading.
    main.set(annSub, 'Ann Main', main.avatar('ann2'));
    await fetch(`${server.url}/v1/internal/profile-updates`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ ids: [annSub] }) });
    await bob.page.waitForFunction((src) => {
      const img = document.querySelector<HTMLImageElement>('#message-list li.message .avatar img');
      return img?.getAttribute('src') === src && img.complete && img.naturalWidth > 0;
    }, main.avatar('ann2'));
    expect(await loadedPicture(bob.page, 'Hello with a picture')).toEqual({ src: main.avatar('ann2'), alt: 'Ann Main' });
  });
});

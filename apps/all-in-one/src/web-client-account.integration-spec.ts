import { readFile } from 'node:fs/promises';
import { base32Decode, totpCode } from '@chat/identity';
import { signUp, uniqueName } from '@chat/testing';
import { logIn, register, webClientSceneOnOwnServer } from './web-client-harness';

const codeNow = (secret: string, stepsAhead = 0) => totpCode(base32Decode(secret), Math.floor(Date.now() / 30_000) + stepsAhead);

/** The account in the browser: finding people by name, logins on other devices, two-step login, the data export, deleting the account. */
describe('web client: people and account', () => {
  const scene = webClientSceneOnOwnServer();

  it('starts a direct conversation with someone found by the start of their name', async () => {
    const bob = await signUp(scene.server.url, 'bob');
    const alice = await scene.person(scene.server.url);
    await register(alice.page, uniqueName('alice'), 'Alice Able');
    await alice.page.click('#create-button');
    await alice.page.check('#create-form input[value="direct"]');
    await alice.page.fill('#create-people-search', bob.auth.user.username.slice(0, 8));
    await alice.page.getByRole('button', { name: `Add ${bob.auth.user.displayName}` }).click();
    await alice.page.locator('#create-people-chosen li', { hasText: bob.auth.user.displayName }).waitFor();
    await alice.page.click('#create-form button[type="submit"]');
    await alice.page.locator('#pane-title', { hasText: bob.auth.user.displayName }).waitFor();
  });

  it('lists my logins and logs out another device, downloads my data, turns two-step login on, and deletes the account with password and code', async () => {
    const name = uniqueName('carol');
    const laptop = await scene.person(scene.server.url);
    await register(laptop.page, name, 'Carol Careful');
    const phone = await scene.person(scene.server.url);
    await logIn(phone.page, name);

    await laptop.page.click('#account-button');
    const others = laptop.page.locator('#account-sessions li', { hasNotText: 'This browser' });
    await others.first().waitFor();
    expect(await laptop.page.locator('#account-sessions li').count()).toBe(2);
    // Chromium has WebCrypto and IndexedDB, so the page bound both logins to their browsers.
    expect(await laptop.page.locator('#account-sessions li', { hasText: 'bound to its device' }).count()).toBe(2);
    await others.getByRole('button').click();
    // The phone's login is over: its page ends the session and says so.
    await phone.page.locator('#toasts', { hasText: 'Your session has ended' }).waitFor();
    await laptop.page.locator('#account-sessions li').nth(1).waitFor({ state: 'detached' });

    const download = laptop.page.waitForEvent('download');
    await laptop.page.click('#account-export');
    const file = await (await download).path();
    const exported = JSON.parse(await readFile(file, 'utf8'));
    expect(exported).toMatchObject({ format: 'chat-account-export/1', user: { username: name, displayName: 'Carol Careful' } });

    await laptop.page.click('#account-mfa-on');
    // The key appears once the enrolment request has answered.
    await laptop.page.locator('#account-mfa-secret').filter({ hasText: /^[A-Z2-7]{32}$/ }).waitFor();
    const secret = (await laptop.page.locator('#account-mfa-secret').textContent())!;
    expect(await laptop.page.getAttribute('#account-mfa-link', 'href')).toContain(`secret=${secret}`);
    await laptop.page.fill('#account-mfa-confirm-code', codeNow(secret));
    await laptop.page.click('#account-mfa-confirm');
    await laptop.page.locator('#account-mfa-state', { hasText: 'On' }).waitFor();

    // A wrong password is refused in the dialog, not taken for the end of the login.
    await laptop.page.fill('#account-delete-password', 'not-my-password');
    await laptop.page.fill('#account-code', codeNow(secret, 1));
    await laptop.page.click('#account-delete');
    await laptop.page.locator('#account-status', { hasText: 'The password is wrong' }).waitFor();
    await laptop.page.fill('#account-delete-password', 'password-123');
    // The deletion also ends this login, which the socket hears first when the answer is slow:
    // the page must still say that the account is deleted, not merely that the session ended.
    await laptop.page.route('**/v1/me', async (route) => {
      if (route.request().method() !== 'DELETE') return route.fallback();
      const answer = await route.fetch();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.fulfill({ response: answer });
    });
    await laptop.page.click('#account-delete');
    await laptop.page.locator('#toasts', { hasText: 'Your account is deleted' }).waitFor();
    await laptop.page.locator('#login-username').waitFor();
    expect(laptop.problems.splice(0).filter((p) => !/status of 40[01]/.test(p))).toEqual([]);
  });
});

import { DataSource } from 'typeorm';
import { base32Decode, totpCode } from '@chat/identity';
import { ChatApi, E2ee } from '@chat/sdk';
import { eventually, signUp } from '@chat/testing';
import { logIn, webClientSceneOnOwnServer } from './web-client-harness';

const codeNow = (secret: string, stepsAhead = 0) => totpCode(base32Decode(secret), Math.floor(Date.now() / 30_000) + stepsAhead);

/**
 * The account dialog's encryption devices (seed 003 req. 11.5/20.4): a lost device is unlinked from
 * the browser, with the code when two-step login is on, and its login ends with it.
 */
describe('web client: encryption devices', () => {
  const scene = webClientSceneOnOwnServer();

  it('lists my devices, this browser without "Unlink", and unlinks another (logging it out), asking for the code once two-step login is on', async () => {
    const user = await signUp(scene.server.url, 'ida');
    const phone = new ChatApi({ baseUrl: scene.server.url });
    await phone.login(user.auth.user.username, 'password-123');
    await E2ee.setUp(phone, user.id, 'old-phone');
    await E2ee.setUp(user.api, user.id, 'old-tablet');
    const devices = async (): Promise<string[]> =>
      (await scene.server.app.get(DataSource).query(`SELECT device_id AS id FROM e2ee_device_keys WHERE user_id = $1 ORDER BY 1`, [user.id])).map((r: { id: string }) => r.id);
    const ida = await scene.person(scene.server.url);
    await logIn(ida.page, user.auth.user.username);
    const page = ida.page;
    // The page registers this browser's device after logging in (and binding the login to its key);
    // the dialog lists the devices as they are when it opens.
    await eventually(async () => expect(await devices()).toHaveLength(3));

    await page.click('#account-button');
    const rows = page.locator('#e2ee-devices li');
    await rows.nth(2).waitFor();
    expect(await rows.count()).toBe(3);
    expect(await page.locator('#e2ee-devices li', { hasText: 'This browser' }).getByRole('button').count()).toBe(0);
    // The logins: the browser's, the one ida signed up with, the phone's.
    const logins = page.locator('#account-sessions li');
    await logins.nth(2).waitFor();
    await page.getByRole('button', { name: 'Unlink old-phone' }).click();
    await page.locator('#e2ee-devices-status', { hasText: 'The device is unlinked.' }).waitFor();
    await page.locator('#e2ee-devices li', { hasText: 'old-phone' }).waitFor({ state: 'detached' });
    expect(await devices()).not.toContain('old-phone');
    expect(await devices()).toContain('old-tablet');
    // The phone's login ended with it, and the list of logins shows it gone.
    await expect(phone.me()).rejects.toMatchObject({ status: 401, body: { code: 'TOKEN_REVOKED' } });
    await logins.nth(2).waitFor({ state: 'detached' });
    expect(await logins.count()).toBe(2);
    await page.click('#account-dialog [data-close]');

    const { secret } = await user.api.enrolMfa();
    await user.api.confirmMfa(codeNow(secret));
    await page.click('#account-button');
    await page.locator('#account-code-field:not([hidden])').waitFor();
    await page.getByRole('button', { name: 'Unlink old-tablet' }).click();
    await page.locator('#e2ee-devices-status', { hasText: 'code' }).waitFor();
    expect(await devices()).toContain('old-tablet');
    await page.fill('#account-code', codeNow(secret, 1));
    await page.getByRole('button', { name: 'Unlink old-tablet' }).click();
    await page.locator('#e2ee-devices-status', { hasText: 'The device is unlinked.' }).waitFor();
    expect(await devices()).toHaveLength(1);
    // The one 401 is the refusal without a code, which the dialog showed.
    expect(ida.problems.splice(0).filter((p) => !/status of 401/.test(p))).toEqual([]);
  });
});

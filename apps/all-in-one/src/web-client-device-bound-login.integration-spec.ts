import type { Page } from 'playwright-core';
import { ChatApi } from '@chat/sdk';
import { uniqueName } from '@chat/testing';
import { bodies, createChannel, delivered, openConversation, register, send, webClientSceneOnOwnServer } from './web-client-harness';

/** The login the page keeps (session-store.ts). */
const storedLogin = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('chat.session.v1')!) as { refreshToken: string; user: { id: string } });

/** The private half of the key the page keeps for its account's login (login-device-key.ts), as script sees it. */
const keptPrivateKey = (page: Page, userId: string) =>
  page.evaluate(
    (id) =>
      new Promise<{ extractable: boolean; curve: string }>((resolve, reject) => {
        const open = indexedDB.open('chat-login-keys');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('keys').objectStore('keys').get(id);
          get.onerror = () => reject(get.error);
          get.onsuccess = () => {
            const key = (get.result as { keyPair: CryptoKeyPair }).keyPair.privateKey;
            open.result.close();
            resolve({ extractable: key.extractable, curve: (key.algorithm as EcKeyAlgorithm).namedCurve });
          };
        };
      }),
    userId,
  );

/** Device-bound refresh tokens (contracts device-proof.ts) in the browser client. */
describe('web client: device-bound login in Chromium', () => {
  const scene = webClientSceneOnOwnServer({ ACCESS_TOKEN_TTL_SECONDS: '5' });

  it('binds its login to a key script cannot export, and keeps working across access token expiry by signing its refreshes', async () => {
    const erin = await scene.person(scene.server.url);
    await register(erin.page, uniqueName('erin'), 'Erin');
    const channel = uniqueName('bound');
    await createChannel(erin.page, channel);
    await send(erin.page, 'before expiry');
    await delivered(erin.page, 'before expiry').waitFor();

    const login = await storedLogin(erin.page);
    expect(await keptPrivateKey(erin.page, login.user.id)).toEqual({ extractable: false, curve: 'P-256' });
    // The refresh token copied out of the page renews nothing without the key (and spends nothing).
    await expect(new ChatApi({ baseUrl: scene.server.url }).refresh(login.refreshToken)).rejects.toMatchObject({ status: 401, body: { code: 'DEVICE_PROOF_INVALID' } });

    // Past the 5-second access token: the next request renews with a signed proof, and the login rotates on.
    await erin.page.waitForTimeout(6_000);
    const another = uniqueName('after');
    await createChannel(erin.page, another);
    expect((await storedLogin(erin.page)).refreshToken).not.toBe(login.refreshToken);
    await openConversation(erin.page, channel);
    await send(erin.page, 'after expiry');
    await delivered(erin.page, 'after expiry').waitFor();

    // And again from a reload, the access token long expired.
    await erin.page.waitForTimeout(6_000);
    await erin.page.reload();
    await erin.page.locator('#chat-screen').waitFor();
    await openConversation(erin.page, channel);
    expect(await bodies(erin.page)).toEqual(['before expiry', 'after expiry']);
    expect(await erin.page.locator('#login-screen').isHidden()).toBe(true);
    // Chromium logs the expired-token 401s itself; nothing else may appear.
    expect(erin.problems.splice(0).filter((p) => !/401/.test(p))).toEqual([]);
  });
});

import { startTestApp, type TestApp } from '@chat/testing';
import { webClientScene } from './web-client-harness';
import { allInOne } from './definition';
import { TestIdp } from './sso-idp';

/** The web client's "Log in with …" button, through a real OpenID provider and back (seed 003 R13.4). */
describe('web client: single sign-on', () => {
  let idp: TestIdp;
  let server: TestApp;
  const people = webClientScene({
    start: async (own) => {
      idp = own(await TestIdp.start());
      const env = { ...(await idp.appEnv()), OIDC_DISPLAY_NAME: 'Acme ID', OIDC_ROLES_CLAIM: 'groups', OIDC_ALLOWED_ROLES: 'chat-users' };
      server = own(await startTestApp(allInOne, env));
      await idp.admit([server]);
    },
  });

  async function logInAtProvider(login: string) {
    const person = await people.person(server.url);
    const button = person.page.locator('#sso-button');
    await button.waitFor();
    expect(await button.textContent()).toBe('Log in with Acme ID');
    await button.click();
    await person.page.locator('input[name="login"]').fill(login);
    await person.page.locator('input[name="password"]').fill('anything');
    await person.page.locator('button[type="submit"]').click();
    return person;
  }

  it('logs in with the provider and continues into the chat, the one-time code gone from the address', async () => {
    await idp.account('web-sso-user', { preferred_username: 'webby', name: 'Web By', groups: ['chat-users'] });
    const { page, problems } = await logInAtProvider('web-sso-user');
    await page.locator('#chat-screen').waitFor();
    expect(new URL(page.url()).search).toBe('');
    expect(await page.evaluate(() => JSON.stringify(localStorage))).toContain('webby');
    // The provider's development login page fetches fonts and a favicon it cannot have here; our page throws nothing.
    expect(problems.splice(0).filter((p) => p.startsWith('page error'))).toEqual([]);
  });

  it('says why when the provider login is refused', async () => {
    await idp.account('web-sso-outsider', { groups: ['contractors'] });
    const { page, problems } = await logInAtProvider('web-sso-outsider');
    const error = page.locator('#sso-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('not allowed to use this chat');
    expect(new URL(page.url()).search).toBe('');
    expect(await page.locator('#chat-screen').isHidden()).toBe(true);
    expect(problems.splice(0).filter((p) => p.startsWith('page error'))).toEqual([]);
  });
});

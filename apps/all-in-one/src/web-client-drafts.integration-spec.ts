import { startTestApp, uniqueName, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';
import { BrowserPeople, logIn, openConversation, type Person, trioInChannel } from './web-client-harness';

/**
 * What is being typed survives a login that ends under the user (the page reloads to the login
 * screen): the same person logging in again in that tab finds it in the box; anyone else does not,
 * and it is gone for good then.
 */
describe('web client: drafts outlive the end of a login', () => {
  const browsers = new BrowserPeople();
  let server: TestApp;
  let users: Record<'alice' | 'bob' | 'carol', TestUser>;
  let tab: Person;
  const channel = uniqueName('drafts');

  beforeAll(async () => {
    await browsers.start(startTestApp(allInOne).then((s) => (server = s)));
    ({ users } = await trioInChannel(server.url, channel));
    tab = await browsers.person(server.url);
  });

  afterAll(async () => {
    await browsers.close();
    await server?.close();
  });

  /** The user's login in the browser is revoked from another device; the page hears it (its socket is closed) and reloads to the login screen. */
  async function revokeBrowserLogin(user: TestUser): Promise<void> {
    const { sessions } = await user.api.sessions();
    for (const session of sessions.filter((s) => !s.current)) await user.api.revokeSession(session.id);
    await tab.page.locator('#login-username').waitFor();
  }

  const box = () => tab.page.locator('#composer-input');
  const unexpected = () => tab.problems.splice(0).filter((p) => !/status of 401/.test(p));

  it('gives Alice her unsent text back after her login was revoked and she logged in again', async () => {
    await logIn(tab.page, users.alice.auth.user.username);
    await openConversation(tab.page, channel);
    await box().fill('Half a thought, not sent yet');
    await revokeBrowserLogin(users.alice);

    await logIn(tab.page, users.alice.auth.user.username);
    await openConversation(tab.page, channel);
    expect(await box().inputValue()).toBe('Half a thought, not sent yet');
    expect(unexpected()).toEqual([]);
  });

  it('does not show it to Bob logging in on that tab, and drops it for good', async () => {
    await revokeBrowserLogin(users.alice);
    await logIn(tab.page, users.bob.auth.user.username);
    await openConversation(tab.page, channel);
    expect(await box().inputValue()).toBe('');
    await tab.page.click('#logout-button');
    await tab.page.locator('#login-username').waitFor();

    await logIn(tab.page, users.alice.auth.user.username);
    await openConversation(tab.page, channel);
    expect(await box().inputValue()).toBe('');
    expect(unexpected()).toEqual([]);
  });

  it('drops the draft when Alice logs out on purpose', async () => {
    await box().fill('Nobody should see this after I log out');
    await tab.page.click('#logout-button');
    await tab.page.locator('#login-username').waitFor();
    await logIn(tab.page, users.alice.auth.user.username);
    await openConversation(tab.page, channel);
    expect(await box().inputValue()).toBe('');
    expect(unexpected()).toEqual([]);
  });
});

import { startTestApp, uniqueName, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';
import { BrowserPeople, delivered, logIn, openConversation, type Person, trioInChannel } from './web-client-harness';

/**
 * What is being typed survives a login that ends under the user (the page reloads to the login
 * screen): the same person logging in again in that tab finds it in the box; anyone else does not,
 * and it is gone for good then. Who the draft mentions (members picked with "@") stays with it,
 * across a reload and a switch to another conversation.
 */
describe('web client: drafts, and who they mention, outlive the end of a login and a reload', () => {
  const browsers = new BrowserPeople();
  let server: TestApp;
  let users: Record<'alice' | 'bob' | 'carol', TestUser>;
  let tab: Person;
  let conversationId: string;
  const channel = uniqueName('drafts');
  /** Another channel Alice is in, to switch to. */
  const elsewhere = uniqueName('elsewhere');

  beforeAll(async () => {
    await browsers.start(startTestApp(allInOne).then((s) => (server = s)));
    ({ users, conversationId } = await trioInChannel(server.url, channel));
    const bobs = (await users.bob.api.createConversation({ type: 'channel', name: elsewhere, visibility: 'public' })).conversation;
    await users.alice.api.join(bobs.id);
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
  /** Alice types `before`, "@bo" and picks Bob from the list, then types `after`: the box reads `before@Bob's name after`. */
  async function draftMentioningBob(before: string, after: string): Promise<string> {
    const bobName = users.bob.auth.user.displayName;
    await box().pressSequentially(`${before}@bo`);
    await tab.page.getByRole('listbox', { name: 'Members to mention' }).getByRole('option').filter({ hasText: bobName }).click();
    await box().pressSequentially(after);
    const text = `${before}@${bobName} ${after}`;
    expect(await box().inputValue()).toBe(text);
    return text;
  }
  /** Alice sends what is in the box; what the server stored mentions (by `after`, the draft's unique end). */
  async function sendAndStoredMentions(after: string): Promise<(string[] | undefined)[]> {
    await box().press('Enter');
    await delivered(tab.page, after).waitFor();
    const { messages } = await users.alice.api.history(conversationId);
    return messages.filter((m) => m.body.endsWith(after)).map((m) => m.mentions);
  }

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

  it('keeps who Alice picked with "@" in her draft across a reload: the restored draft’s send mentions Bob', async () => {
    const text = await draftMentioningBob('Lunch, ', 'at noon?');
    await tab.page.reload();
    await openConversation(tab.page, channel);
    expect(await box().inputValue()).toBe(text);
    expect(await sendAndStoredMentions('at noon?')).toEqual([[users.bob.id]]);
    expect(unexpected()).toEqual([]);
  });

  it('keeps who Alice picked with "@" in her draft while she looks at another conversation and comes back', async () => {
    const text = await draftMentioningBob('Coffee, ', 'at three?');
    await openConversation(tab.page, elsewhere);
    expect(await box().inputValue()).toBe('');
    await openConversation(tab.page, channel);
    expect(await box().inputValue()).toBe(text);
    expect(await sendAndStoredMentions('at three?')).toEqual([[users.bob.id]]);
    expect(unexpected()).toEqual([]);
  });
});

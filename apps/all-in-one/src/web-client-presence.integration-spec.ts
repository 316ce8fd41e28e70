import { signUp, type TestUser } from '@chat/testing';
import { logIn, openConversation, webClientSceneOnOwnServer, type Person } from './web-client-harness';

/** Presence in the browser client: the member list and a direct conversation's header follow presence frames live. */
describe('web client: presence', () => {
  let aliceUser: TestUser;
  let bobUser: TestUser;
  let alice: Person;
  const scene = webClientSceneOnOwnServer({}, {
    ready: async ({ person, server }) => {
      [aliceUser, bobUser] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
      await aliceUser.api.createConversation({ type: 'direct', memberIds: [bobUser.id] });
      alice = await person(server.url);
      await logIn(alice.page, aliceUser.auth.user.username);
    },
  });

  it('shows Bob going online and offline in Alice’s direct conversation header and member list, without a reload', async () => {
    const bobName = bobUser.auth.user.displayName;
    await openConversation(alice.page, bobName);
    await alice.page.click('#members-button');
    const header = alice.page.locator('#pane-subtitle .subtitle-presence');
    const bobInList = alice.page.locator('#member-list li.member', { hasText: bobName });
    await header.filter({ hasText: 'Offline' }).waitFor();
    await bobInList.locator('.presence-offline').waitFor();

    const bob = await scene.person(scene.server.url);
    await logIn(bob.page, bobUser.auth.user.username);
    await header.filter({ hasText: 'Online' }).waitFor();
    await bobInList.locator('.presence-online').waitFor();
    expect(await bobInList.locator('.member-presence').textContent()).toBe(', Online');
    await alice.page.screenshot({ path: '/tmp/web-client-presence.png' });

    // Logging out closes his socket cleanly: he is offline at once, with when he was last seen.
    await bob.page.click('#logout-button');
    await header.filter({ hasText: /^Last seen / }).waitFor();
    await bobInList.locator('.presence-offline').waitFor();
    expect(await bobInList.locator('.member-presence').textContent()).toMatch(/^, Last seen /);
  });
});

import { signUp, uniqueName, type TestUser } from '@chat/testing';
import { axeViolations } from './web-client-axe';
import { logIn, openConversation, webClientSceneOnOwnServer, type Person } from './web-client-harness';

/**
 * Presence in the browser client: the member list and a direct conversation's header follow presence
 * frames live; and who has a conversation open now (seed 001: who is in the room, one room at a time).
 */
describe('web client: presence', () => {
  let aliceUser: TestUser;
  let bobUser: TestUser;
  let alice: Person;
  const roomA = uniqueName('room-a');
  const roomB = uniqueName('room-b');
  const scene = webClientSceneOnOwnServer({}, {
    ready: async ({ person, server }) => {
      [aliceUser, bobUser] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
      await aliceUser.api.createConversation({ type: 'direct', memberIds: [bobUser.id] });
      for (const name of [roomA, roomB]) await aliceUser.api.createConversation({ type: 'group', name, memberIds: [bobUser.id] });
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

  it('shows who has a group open now, and takes Bob out of it when he opens another', async () => {
    const bobName = bobUser.auth.user.displayName;
    await openConversation(alice.page, roomA);
    if ((await alice.page.locator('#members-panel').getAttribute('hidden')) !== null) await alice.page.click('#members-button');
    const subtitle = alice.page.locator('#pane-subtitle');
    const bobInList = alice.page.locator('#member-list li.member', { hasText: bobName });
    const aliceInList = alice.page.locator('#member-list li.member', { hasText: '(you)' });
    await aliceInList.locator('.member-here', { hasText: 'here now' }).waitFor();
    expect(await subtitle.textContent()).not.toContain('here now');

    const bob = await scene.person(scene.server.url);
    await logIn(bob.page, bobUser.auth.user.username);
    await openConversation(bob.page, roomA);
    await bobInList.locator('.member-here').waitFor();
    await subtitle.filter({ hasText: '2 here now' }).waitFor();
    expect(await axeViolations(alice.page)).toEqual([]);

    await openConversation(bob.page, roomB);
    await bobInList.locator('.member-here').waitFor({ state: 'detached' });
    expect(await subtitle.textContent()).not.toContain('here now');
    await bob.page.click('#logout-button');
    // Logging out reloads his page: the test ends once it has (a context closed mid-reload can hang Chromium's close).
    await bob.page.locator('#login-username').waitFor();
  });
});

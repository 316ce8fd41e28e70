import { signUp, type TestUser } from '@chat/testing';
import { delivered, logIn, message, openConversation, type Person, send, webClientSceneOnOwnServer } from './web-client-harness';

/**
 * Renaming in the browser client: the account dialog's Display name saves the new name
 * (`PATCH /v1/me`), and someone in a conversation with me sees it everywhere the page shows me
 * (the open conversation's title, senders and members, and the sidebar) without reloading.
 */
describe('web client: changing my display name', () => {
  let aliceUser: TestUser;
  let bobUser: TestUser;
  let alice: Person;
  let bob: Person;

  webClientSceneOnOwnServer({}, {
    ready: async ({ person, server }) => {
      [aliceUser, bobUser] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
      await aliceUser.api.createConversation({ type: 'direct', memberIds: [bobUser.id] });
      [alice, bob] = await Promise.all([person(server.url), person(server.url)]);
      await logIn(alice.page, aliceUser.auth.user.username);
      await logIn(bob.page, bobUser.auth.user.username);
    },
  });

  it('Alice renames herself and Bob, in their direct conversation, sees the new name without reloading', async () => {
    const oldName = aliceUser.auth.user.displayName;
    await openConversation(alice.page, bobUser.auth.user.displayName);
    await openConversation(bob.page, oldName);
    await send(alice.page, 'Hello from Alice');
    await delivered(alice.page, 'Hello from Alice').waitFor();
    await message(bob.page, 'Hello from Alice').locator('.sender', { hasText: oldName }).waitFor();

    await alice.page.click('#account-button');
    const field = alice.page.locator('#account-dialog').getByRole('textbox', { name: 'Display name', exact: true });
    expect(await field.inputValue()).toBe(oldName);
    await field.fill('Alice Renamed');
    await alice.page.getByRole('button', { name: 'Save display name' }).click();
    await alice.page.locator('#account-status', { hasText: 'Your display name is saved' }).waitFor();
    // My own page follows at once: the name beside the avatar.
    await alice.page.locator('#me-name', { hasText: 'Alice Renamed' }).waitFor();

    // Bob's page, never reloaded: the open conversation's title, the sender of her message, the members, and the sidebar.
    await bob.page.locator('#pane-title', { hasText: 'Alice Renamed' }).waitFor();
    await message(bob.page, 'Hello from Alice').locator('.sender', { hasText: 'Alice Renamed' }).waitFor();
    await bob.page.locator('#conversation-list button', { hasText: 'Alice Renamed' }).waitFor();
    expect(await bob.page.locator('#member-list').textContent()).toContain('Alice Renamed');
    expect(await bob.page.locator('#member-list').textContent()).not.toContain(oldName);
    expect(await bob.page.locator('#conversation-list').textContent()).not.toContain(oldName);
  });

  it('a name the server refuses is said in the dialog and nothing changes', async () => {
    const field = alice.page.locator('#account-dialog').getByRole('textbox', { name: 'Display name', exact: true });
    await field.fill('x'.repeat(2000));
    await alice.page.getByRole('button', { name: 'Save display name' }).click();
    const status = alice.page.locator('#account-status');
    await alice.page.waitForFunction(() => {
      const text = document.querySelector('#account-status')?.textContent ?? '';
      return text !== '' && !text.includes('saved');
    });
    expect(await status.isVisible()).toBe(true);
    expect(await alice.page.locator('#me-name').textContent()).toBe('Alice Renamed');
    expect((await aliceUser.api.me()).user.displayName).toBe('Alice Renamed');
    // The browser logs the refused request itself; nothing else went wrong.
    expect(alice.problems.splice(0).filter((p) => !p.includes('status of 400'))).toEqual([]);
    await alice.page.keyboard.press('Escape');
    await alice.page.locator('#account-dialog').waitFor({ state: 'hidden' });
  });
});

import { signUp, uniqueName, type TestUser } from '@chat/testing';
import type { Page } from 'playwright-core';
import { logIn, message, openConversation, send, type Person, webClientSceneOnOwnServer } from './web-client-harness';

const GROUP_MAX = 2;

/**
 * Growing a private conversation from the browser (seed 002 US3-4, FR-007): Add people in the
 * header, the owner's role buttons, and Edit for the name and description; the server's refusals
 * are said where the action was taken.
 */
describe('web client: members of a private channel', () => {
  let users: Record<'alice' | 'bob' | 'carol', TestUser>;
  let alice: Person;
  let bob: Person;
  const channel = uniqueName('private');
  let conversationId: string;

  // Groups of two at most, so a group made in the browser is full at once.
  webClientSceneOnOwnServer({ GROUP_MAX_MEMBERS: String(GROUP_MAX) }, {
    ready: async ({ person, server }) => {
      const [a, b, c] = await Promise.all(['alice', 'bob', 'carol'].map((name) => signUp(server.url, name)));
      users = { alice: a!, bob: b!, carol: c! };
      [alice, bob] = await Promise.all([person(server.url), person(server.url)]);
      await logIn(alice.page, users.alice.auth.user.username);
      await logIn(bob.page, users.bob.auth.user.username);
    },
  });

  async function choose(page: Page, who: TestUser): Promise<void> {
    await page.fill('#add-people-search', who.auth.user.username);
    await page.locator('#add-people-results').getByRole('button', { name: `Add ${who.auth.user.displayName}` }).click();
  }

  it('lets Alice add Bob to a private channel she made; it appears in Bob’s sidebar at once and they talk', async () => {
    await alice.page.click('#create-button');
    await alice.page.fill('#create-name', channel);
    await alice.page.selectOption('#create-visibility', 'private');
    await alice.page.click('#create-form button[type="submit"]');
    await alice.page.locator('#pane-title', { hasText: channel }).waitFor();
    conversationId = (await users.alice.api.listConversations()).conversations.find((c) => c.name === channel)!.id;
    expect(await bob.page.locator('#conversation-list button', { hasText: channel }).count()).toBe(0);

    await alice.page.click('#add-people-button');
    await choose(alice.page, users.bob);
    await alice.page.locator('#add-people-chosen li', { hasText: users.bob.auth.user.displayName }).waitFor();
    await alice.page.click('#add-people-form button[type="submit"]');
    await alice.page.locator('#add-people-dialog').waitFor({ state: 'hidden' });
    await alice.page.locator('#members-button', { hasText: 'Members (2)' }).waitFor();

    // Bob did nothing: the channel is in his list, live.
    await openConversation(bob.page, channel);
    await send(bob.page, 'Thanks for adding me');
    await message(alice.page, 'Thanks for adding me').waitFor();
  });

  it('does not offer people who are in already, and says why the server refuses someone (banned)', async () => {
    await users.alice.api.ban(conversationId, { userId: users.carol.id });
    await alice.page.click('#add-people-button');
    await alice.page.fill('#add-people-search', users.bob.auth.user.username);
    await alice.page.locator('#add-people-results li', { hasText: 'Nobody whose name starts with' }).waitFor();

    await choose(alice.page, users.carol);
    await alice.page.click('#add-people-form button[type="submit"]');
    const refusal = alice.page.locator('#add-people-form .form-error');
    await refusal.filter({ hasText: `${users.carol.auth.user.displayName} could not be added: ` }).waitFor();
    expect(await refusal.textContent()).toContain('banned');
    expect(await alice.page.locator('#add-people-dialog').isVisible()).toBe(true);
    await alice.page.locator('#add-people-form [data-close]').first().click();
    expect((await users.alice.api.getConversation(conversationId)).members.map((m) => m.userId)).not.toContain(users.carol.id);
    // The refused request itself is the one console error.
    expect(alice.problems.splice(0).filter((p) => !p.includes('status of 403'))).toEqual([]);
  });

  it('lets the owner make Bob an admin (who may then add people) and take it back', async () => {
    const bobName = users.bob.auth.user.displayName;
    await expect(bob.page.locator('#add-people-button').isVisible()).resolves.toBe(false);
    await alice.page.click('#members-button');
    await alice.page.getByRole('button', { name: `Make admin ${bobName}` }).click();
    await alice.page.locator('#member-list li', { hasText: bobName }).locator('.role', { hasText: 'Admin' }).waitFor();
    // Bob's page follows the role change without a reload.
    await bob.page.locator('#add-people-button').waitFor();
    expect((await users.alice.api.getConversation(conversationId)).members.find((m) => m.userId === users.bob.id)?.role).toBe('admin');

    await alice.page.getByRole('button', { name: `Remove admin ${bobName}` }).click();
    await bob.page.locator('#add-people-button').waitFor({ state: 'hidden' });
    expect((await users.alice.api.getConversation(conversationId)).members.find((m) => m.userId === users.bob.id)?.role).toBe('member');
  });

  it('lets Alice rename the channel and describe it; Bob’s page follows, and a taken name is refused in the dialog', async () => {
    const taken = uniqueName('taken');
    await users.carol.api.createConversation({ type: 'channel', name: taken, visibility: 'public' });
    const renamed = uniqueName('renamed');
    await alice.page.click('#edit-conversation-button');
    await alice.page.fill('#edit-conversation-name', taken);
    await alice.page.click('#edit-conversation-form button[type="submit"]');
    await alice.page.locator('#edit-conversation-form .form-error').filter({ hasText: /name/i }).waitFor();
    expect(alice.problems.splice(0).filter((p) => !p.includes('status of 409'))).toEqual([]);

    await alice.page.fill('#edit-conversation-name', renamed);
    await alice.page.fill('#edit-conversation-description', 'Where plans are made');
    await alice.page.click('#edit-conversation-form button[type="submit"]');
    await alice.page.locator('#edit-conversation-dialog').waitFor({ state: 'hidden' });
    await alice.page.locator('#pane-title', { hasText: renamed }).waitFor();
    await bob.page.locator('#pane-title', { hasText: renamed }).waitFor();
    await bob.page.locator('#pane-subtitle', { hasText: 'Where plans are made' }).waitFor();
    await bob.page.locator('#conversation-list button', { hasText: renamed }).waitFor();
  });

  it('offers Add people to every member of a group, and says so when the group is full', async () => {
    const group = uniqueName('pair');
    await alice.page.click('#create-button');
    await alice.page.check('input[name="type"][value="group"]');
    await alice.page.fill('#create-name', group);
    await alice.page.fill('#create-people-search', users.bob.auth.user.username);
    await alice.page.locator('#create-people-results').getByRole('button', { name: `Add ${users.bob.auth.user.displayName}` }).click();
    await alice.page.click('#create-form button[type="submit"]');
    await alice.page.locator('#pane-title', { hasText: group }).waitFor();

    // Bob is a plain member: in a group he may add people too.
    await openConversation(bob.page, group);
    await bob.page.locator('#add-people-button').waitFor();
    await bob.page.click('#add-people-button');
    await choose(bob.page, users.carol);
    await bob.page.click('#add-people-form button[type="submit"]');
    await bob.page.locator('#add-people-form .form-error').filter({ hasText: `${users.carol.auth.user.displayName} could not be added: A group holds at most ${GROUP_MAX} members` }).waitFor();
    expect(bob.problems.splice(0).filter((p) => !p.includes('status of 409'))).toEqual([]);
  });
});

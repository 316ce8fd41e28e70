import { uniqueName, type TestUser } from '@chat/testing';
import type { Page } from 'playwright-core';
import { logIn, openConversation, type Person, trioInChannel, webClientSceneOnOwnServer } from './web-client-harness';

/**
 * The chat opens where the user left it: after a reload or a new login the conversation last open
 * in this browser is open again, for that account only, and only while it is still theirs.
 */
describe('web client: the last open conversation is opened again', () => {
  let users: Record<'alice' | 'bob' | 'carol', TestUser>;
  let shared: Person;
  let conversationId: string;
  const channel = uniqueName('again');

  webClientSceneOnOwnServer({}, {
    ready: async ({ person, server }) => {
      ({ users, conversationId } = await trioInChannel(server.url, channel));
      shared = await person(server.url);
    },
  });

  /** The sidebar has loaded (so a remembered conversation would have been opened by now), then: what is open? */
  async function openTitle(page: Page): Promise<string | null> {
    await page.locator('#conversation-list button', { hasText: channel }).waitFor();
    await page.waitForTimeout(500);
    return (await page.locator('#conversation-view').isVisible()) ? page.locator('#pane-title').textContent() : null;
  }

  async function logOut(page: Page): Promise<void> {
    await page.click('#logout-button');
    await page.locator('#login-username').waitFor();
  }

  it('opens the conversation again after a reload and after logging in again', async () => {
    const { page } = shared;
    await logIn(page, users.alice.auth.user.username);
    expect(await openTitle(page)).toBeNull();
    await openConversation(page, channel);

    await page.reload();
    await page.locator('#pane-title', { hasText: channel }).waitFor();
    await page.locator('#messages-loading').waitFor({ state: 'hidden' });
    expect(await page.locator('#pane-empty').isVisible()).toBe(false);

    await logOut(page);
    await logIn(page, users.alice.auth.user.username);
    await page.locator('#pane-title', { hasText: channel }).waitFor();
  });

  it('does not open Alice’s conversation for Bob on the same browser, though he is in it too', async () => {
    const { page } = shared;
    await logOut(page);
    await logIn(page, users.bob.auth.user.username);
    expect(await openTitle(page)).toBeNull();
    expect(await page.locator('#pane-empty').isVisible()).toBe(true);
    await logOut(page);
  });

  it('opens nothing, and says nothing, when Carol is no longer in the remembered conversation', async () => {
    const { page } = shared;
    await users.alice.api.createConversation({ type: 'direct', memberIds: [users.carol.id] }); // so her list is not empty
    await logIn(page, users.carol.auth.user.username);
    await openConversation(page, channel);
    await users.carol.api.leave(conversationId);
    await page.locator('#conversation-list button', { hasText: channel }).waitFor({ state: 'detached' });
    await page.reload();
    await page.locator('#conversation-list button').first().waitFor();
    await page.waitForTimeout(500);
    expect(await page.locator('#pane-empty').isVisible()).toBe(true);
    expect(await page.locator('.toast-error').count()).toBe(0);
  });
});

import { randomUUID } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { signUp, uniqueName, type TestUser } from '@chat/testing';
import { axeViolations } from './web-client-axe';
import { logInAndOpen, message, type Person, webClientSceneOnOwnServer } from './web-client-harness';

/** More than the first page (50), so the first mention is above the loaded pages when Bob opens. */
const UNREAD_MESSAGES = 80;
/** Which of Alice's messages mention Bob or answer him: both far above the latest, far enough apart not to be in view together. */
const MENTIONING = 4;
const ANSWERING = 40;

/**
 * The pane's "@" button: the open conversation's unread messages that mention Bob or answer him,
 * counted, and brought into view one by one, oldest first (loading older pages when needed), each
 * leaving once jumped to, scrolled to or deleted; one arriving while Bob is scrolled up joins them,
 * one arriving in view does not.
 */
describe('web client: jump to the next unread mention', () => {
  let aliceUser: TestUser;
  let bobUser: TestUser;
  let bob: Person;
  let groupId: string;
  const group = uniqueName('mention-jump');

  const aliceSends = (body: string, links: { mentions?: string[]; replyTo?: string } = {}) => aliceUser.api.sendMessage(groupId, { clientMessageId: randomUUID(), body, ...links });

  webClientSceneOnOwnServer({}, {
    ready: async ({ person, server }) => {
      [aliceUser, bobUser] = await Promise.all(['alice', 'bob'].map((name) => signUp(server.url, name)));
      ({ id: groupId } = (await aliceUser.api.createConversation({ type: 'group', name: group, memberIds: [bobUser.id] })).conversation);
      const { id: askedId } = (await bobUser.api.sendMessage(groupId, { clientMessageId: randomUUID(), body: 'Who brings the cake?' })).message;
      for (let i = 1; i <= UNREAD_MESSAGES; i++) {
        if (i === MENTIONING) await aliceSends(`@${bobUser.auth.user.displayName} can you bring plates?`, { mentions: [bobUser.id] });
        else if (i === ANSWERING) await aliceSends('I will bring the cake', { replyTo: askedId });
        else await aliceSends(`Chatter ${i}`);
      }
      bob = await person(server.url);
      await logInAndOpen([[bob, bobUser]], group);
    },
  });

  const jumpButton = (page: Page) => page.locator('#jump-mention');
  /** The button as Bob sees it: its badge and its label, or null while it is hidden. */
  const shown = async (page: Page) =>
    (await jumpButton(page).isVisible()) ? { count: await jumpButton(page).locator('.badge').textContent(), label: await jumpButton(page).getAttribute('aria-label') } : null;
  const scrollTo = (page: Page, where: 'top' | 'bottom') => page.$eval('#messages-scroller', (el, to) => el.scrollTo({ top: to === 'top' ? 0 : el.scrollHeight }), where);
  const byBody = (page: Page, text: string) => page.locator('#message-list li.message').filter({ has: page.locator('.body', { hasText: text }) });
  /** Marked as a chosen quote is, and wholly inside the message scroller. */
  const broughtIntoView = async (row: Locator) => {
    await row.and(row.page().locator('li.flash')).waitFor();
    return row.evaluate((node) => {
      const own = node.getBoundingClientRect();
      const scroller = document.getElementById('messages-scroller')!.getBoundingClientRect();
      return own.top >= scroller.top && own.bottom <= scroller.bottom;
    });
  };

  const expectAccessibleInBothSchemes = async (page: Page) => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await axeViolations(page)).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: null });
  };

  it('counts the two unread messages addressed to Bob when he opens at the latest, with a label, in both colour schemes', async () => {
    await message(bob.page, `Chatter ${UNREAD_MESSAGES}`).waitFor();
    await jumpButton(bob.page).waitFor();
    expect(await shown(bob.page)).toEqual({ count: '2', label: '2 unread mentions — jump to the next' });
    // The first is above the loaded pages, the second loaded but out of view.
    expect(await byBody(bob.page, 'can you bring plates?').count()).toBe(0);
    await expectAccessibleInBothSchemes(bob.page);
  });

  it('brings the oldest into view (loading older messages) and counts one less; the next, and then the button is gone', async () => {
    await jumpButton(bob.page).click();
    expect(await broughtIntoView(byBody(bob.page, 'can you bring plates?'))).toBe(true);
    expect(await shown(bob.page)).toEqual({ count: '1', label: '1 unread mention — jump to it' });

    await jumpButton(bob.page).click();
    expect(await broughtIntoView(byBody(bob.page, 'I will bring the cake'))).toBe(true);
    await jumpButton(bob.page).waitFor({ state: 'hidden' });
  });

  it('shows one that arrives while Bob is scrolled up, beside "Jump to latest", until he jumps to it', async () => {
    await aliceSends(`@${bobUser.auth.user.displayName} are you still there?`, { mentions: [bobUser.id] });
    await message(bob.page, 'are you still there?').waitFor({ state: 'attached' });
    await jumpButton(bob.page).waitFor();
    expect(await shown(bob.page)).toEqual({ count: '1', label: '1 unread mention — jump to it' });
    await bob.page.locator('#jump-latest').waitFor();
    await expectAccessibleInBothSchemes(bob.page);

    await jumpButton(bob.page).click();
    expect(await broughtIntoView(byBody(bob.page, 'are you still there?'))).toBe(true);
    await jumpButton(bob.page).waitFor({ state: 'hidden' });
  });

  it('drops one Bob scrolls to himself, and one deleted before he does; one that arrives in view never shows', async () => {
    await scrollTo(bob.page, 'top');
    await aliceSends(`@${bobUser.auth.user.displayName} lunch at one?`, { mentions: [bobUser.id] });
    await jumpButton(bob.page).waitFor();
    await scrollTo(bob.page, 'bottom');
    await jumpButton(bob.page).waitFor({ state: 'hidden' });

    await scrollTo(bob.page, 'top');
    const { id } = (await aliceSends(`@${bobUser.auth.user.displayName} never mind`, { mentions: [bobUser.id] })).message;
    await jumpButton(bob.page).waitFor();
    await aliceUser.api.deleteMessage(groupId, id);
    await jumpButton(bob.page).waitFor({ state: 'hidden' });

    await scrollTo(bob.page, 'bottom');
    await bob.page.locator('#jump-latest').waitFor({ state: 'hidden' });
    await aliceSends(`@${bobUser.auth.user.displayName} there you are`, { mentions: [bobUser.id] });
    await message(bob.page, 'there you are').waitFor();
    expect(await shown(bob.page)).toBeNull();
  });
});

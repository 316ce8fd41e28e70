import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { signUp, uniqueName, type TestUser } from '@chat/testing';
import { axeViolations } from './web-client-axe';
import { anotherTab, logIn, openConversation, type Person, webClientSceneOnOwnServer } from './web-client-harness';

/**
 * Seed 002, channel navigation for a member of many channels: the open conversation's star, a
 * Favourites group at the top of the sidebar that the filter box filters too, the same account's
 * other tab following live, and the cap (FAVOURITE_CONVERSATIONS_MAX) said in words. Seed 004
 * R5.3, the header's other setting of mine: muting the conversation, marked in the sidebar.
 */
describe('web client: favourite and muted conversations', () => {
  let alice: TestUser;
  let tab: Person;
  let otherTab: Page;
  const [first, second, third] = ['first', 'second', 'third'].map((name) => uniqueName(`fav_${name}`));

  const scene = webClientSceneOnOwnServer({ FAVOURITE_CONVERSATIONS_MAX: '2' }, {
    ready: async ({ person, server }) => {
      alice = await signUp(server.url, 'alice');
      for (const name of [first, second, third]) {
        const { conversation } = await alice.api.createConversation({ type: 'channel', name });
        await alice.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: `in ${name}` });
      }
      tab = await person(server.url);
      await logIn(tab.page, alice.auth.user.username);
      // The same account in a second tab of the same browser (its stored login).
      otherTab = await anotherTab(tab, server.url);
      await otherTab.locator('#chat-screen').waitFor();
    },
  });

  const star = (page: Page) => page.getByRole('button', { name: 'Favourite' });
  const favourites = (page: Page) => page.getByRole('list', { name: 'Favourites' });
  const others = (page: Page) => page.getByRole('list', { name: 'Other conversations' });
  const titlesIn = (list: ReturnType<typeof favourites>) => list.locator('.conversation-title').evaluateAll((nodes) => nodes.map((n) => n.lastChild?.textContent));

  it('stars the open conversation into a Favourites group at the top, and the other tab follows live', async () => {
    const { page } = tab;
    expect(await favourites(page).count()).toBe(0); // no group until something is starred
    await openConversation(page, first);
    expect(await star(page).getAttribute('aria-pressed')).toBe('false');
    await star(page).click();
    await page.locator('#favourite-button[aria-pressed="true"]').waitFor();
    await favourites(page).getByRole('button', { name: first }).waitFor();
    expect(await titlesIn(others(page))).toEqual([third, second]);

    await favourites(otherTab).getByRole('button', { name: first }).waitFor();
    await openConversation(otherTab, second);
    await star(otherTab).click();
    await favourites(page).getByRole('button', { name: second }).waitFor();
    expect(await titlesIn(favourites(page))).toEqual([second, first]); // most recently active first, as everywhere
    expect(await titlesIn(others(page))).toEqual([third]);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('filters the favourites with the rest', async () => {
    const { page } = tab;
    await page.fill('#conversation-filter', second);
    await page.waitForFunction(() => document.querySelectorAll('#conversation-list .conversation-item').length === 1);
    expect(await titlesIn(favourites(page))).toEqual([second]);
    expect(await others(page).count()).toBe(0);
    await page.fill('#conversation-filter', third);
    await page.locator('#conversation-list .conversation-item', { hasText: third }).waitFor();
    expect(await favourites(page).count()).toBe(0);
    expect(await page.locator('#conversation-list .conversation-item').count()).toBe(1);
    await page.fill('#conversation-filter', '');
  });

  it('says so when the cap is reached, and unstarring in one tab clears the star in the other', async () => {
    const { page } = tab;
    await openConversation(page, third);
    await star(page).click();
    await page.getByRole('alert').filter({ hasText: 'You have 2 favourite conversations already. Unstar one first.' }).waitFor();
    expect(await star(page).getAttribute('aria-pressed')).toBe('false');
    expect(await favourites(page).getByRole('button', { name: third }).count()).toBe(0);

    // The other tab has `second` open and starred: unstarring it here shows there at once.
    await openConversation(page, second);
    await star(page).click();
    await otherTab.locator('#favourite-button[aria-pressed="false"]').waitFor();
    await others(otherTab).getByRole('button', { name: second }).waitFor();
    expect(await titlesIn(favourites(otherTab))).toEqual([first]);
    expect(tab.problems.splice(0).filter((p) => !p.includes('status of 409'))).toEqual([]);
  });

  it('mutes the open conversation from its header: the other tab follows live, a reload shows the server’s state, and unmuting clears it', async () => {
    const { page } = tab;
    const mute = (p: Page) => p.getByRole('button', { name: `Mute ${third}`, exact: true });
    const mutedMark = (p: Page) => p.locator('#conversation-list .conversation-item[data-muted]', { hasText: third }).locator('.muted-mark', { hasText: 'Muted' });
    const mutedOnServer = async () => (await alice.api.allConversations()).find((c) => c.name === third)?.muted;
    await openConversation(page, third);
    await openConversation(otherTab, third);
    expect(await mute(page).getAttribute('aria-pressed')).toBe('false');
    expect(await mutedMark(page).count()).toBe(0);

    await mute(page).click();
    await page.locator('#mute-button[aria-pressed="true"]').waitFor();
    await mutedMark(page).waitFor();
    // The same account's other tab hears it (mute.updated), header and sidebar.
    await otherTab.locator('#mute-button[aria-pressed="true"]').waitFor();
    await mutedMark(otherTab).waitFor();
    expect(await mutedOnServer()).toBe(true);
    expect(await mute(page).getAttribute('title')).toBe('Muted: only replies to you and mentions of you notify you');
    expect(await axeViolations(page)).toEqual([]);

    // After a reload the list comes from the server, and the last conversation opens again, still muted.
    await page.reload();
    await mutedMark(page).waitFor();
    await page.locator('#pane-title', { hasText: third }).waitFor();
    expect(await mute(page).getAttribute('aria-pressed')).toBe('true');

    await mute(page).click();
    await page.locator('#mute-button[aria-pressed="false"]').waitFor();
    await otherTab.locator('#mute-button[aria-pressed="false"]').waitFor();
    await mutedMark(otherTab).waitFor({ state: 'detached' });
    expect(await mutedMark(page).count()).toBe(0);
    expect(await mutedOnServer()).toBe(false);
  });

  it('speaks German to a German browser', async () => {
    const german = await scene.person(scene.server.url, undefined, { locale: 'de-DE' });
    await logIn(german.page, alice.auth.user.username);
    await german.page.getByRole('list', { name: 'Favoriten' }).getByRole('button', { name: first }).waitFor();
    await german.page.getByRole('list', { name: 'Weitere Unterhaltungen' }).getByRole('button', { name: third }).waitFor();
    await openConversation(german.page, first);
    expect(await german.page.getByRole('button', { name: 'Favorit' }).getAttribute('aria-pressed')).toBe('true');
    expect(await german.page.getByRole('button', { name: `${first} stummschalten` }).getAttribute('aria-pressed')).toBe('false');
  });
});

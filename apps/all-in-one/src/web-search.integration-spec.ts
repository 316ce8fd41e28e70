import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { eventually, signUp, uniqueName, type TestUser } from '@chat/testing';
import { logIn, webClientSceneOnOwnServer } from './web-client-harness';

/**
 * Message search in the browser client, in Debian's Chromium driven by playwright-core (never a
 * downloaded browser), against the real platform: the search box, results with the matched
 * words marked (in the body's words without its formatting marks), opening a result at its
 * message, and the "no results" advice.
 */
describe('web client: message search', () => {
  let alice: TestUser;
  let bob: TestUser;
  let page: Page;
  const general = uniqueName('general');
  const zoo = uniqueName('zoo');
  const oldWord = `zebra${randomUUID().slice(0, 6)}`;
  const theirWord = `giraffe${randomUUID().slice(0, 6)}`;

  webClientSceneOnOwnServer({}, {
    ready: async ({ person, server }) => {
      [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
      // Alice's channel: the word is in message 40 of 120, far from both ends of the history.
      const mine = (await alice.api.createConversation({ type: 'channel', name: general })).conversation.id;
      for (let i = 1; i <= 120; i++) {
        const body = i === 40 ? `<img src=x onerror=alert(1)> the **${oldWord}** _escaped_` : `message number ${i}`;
        await alice.api.sendMessage(mine, { clientMessageId: randomUUID(), body });
      }
      // Bob's public channel, which Alice is not in.
      const theirs = (await bob.api.createConversation({ type: 'channel', name: zoo, visibility: 'public' })).conversation.id;
      await bob.api.sendMessage(theirs, { clientMessageId: randomUUID(), body: `a ${theirWord} was seen` });
      await eventually(async () => expect((await alice.api.search({ q: oldWord })).hits).toHaveLength(1));
      await eventually(async () => expect((await alice.api.search({ q: theirWord })).hits).toHaveLength(1));

      ({ page } = await person(server.url));
      await logIn(page, alice.auth.user.username);
      await page.locator('#conversation-list button', { hasText: general }).waitFor();
    },
  });

  async function search(text: string): Promise<void> {
    await page.fill('#search-input', text);
    await page.press('#search-input', 'Enter');
    await page.locator('#search-status:not(:text("Searching…"))').waitFor();
  }

  it('shows a hit with its conversation and the word marked, and opens the conversation at that message', async () => {
    await search(oldWord);
    const hit = page.locator('#search-results .search-hit');
    await expect(hit.count()).resolves.toBe(1);
    await expect(hit.locator('.search-hit-conversation').textContent()).resolves.toBe(`# ${general}`);
    await expect(hit.locator('mark').textContent()).resolves.toBe(oldWord);
    // The body's HTML is shown as text, never run; its formatting marks are not shown.
    await expect(hit.locator('.search-hit-text').textContent()).resolves.toBe(`<img src=x onerror=alert(1)> the ${oldWord} escaped`);
    await expect(page.locator('#search-results img').count()).resolves.toBe(0);

    await hit.click();
    await page.locator('#pane-title', { hasText: general }).waitFor();
    const target = page.locator('#message-list li.message.spotlight');
    await target.waitFor();
    await expect(target.getAttribute('data-seq')).resolves.toBe('40');
    await expect(target.locator('.body').textContent()).resolves.toContain(oldWord);
    // The page around it: older ones can be loaded, and the newer ones are there up to the latest...
    await page.locator('#load-older-button').waitFor();
    await page.locator('#message-list li.message[data-seq="120"]').waitFor({ state: 'attached' });
    // ...while the message stays in view and focused.
    const box = (await target.boundingBox())!;
    const scroller = (await page.locator('#messages-scroller').boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(scroller.y);
    expect(box.y + box.height).toBeLessThanOrEqual(scroller.y + scroller.height);
    await expect(target.evaluate((node) => node === document.activeElement)).resolves.toBe(true);
  });

  it('opens a public channel it is not in by joining it', async () => {
    await search(theirWord);
    const hit = page.locator('#search-results .search-hit');
    await expect(hit.textContent()).resolves.toContain('opening it joins it');
    await hit.click();
    await page.locator('#pane-title', { hasText: zoo }).waitFor();
    await page.locator('#message-list li.message.spotlight', { hasText: theirWord }).waitFor();
    await page.locator('#conversation-list button', { hasText: zoo }).waitFor();
    expect((await bob.api.getConversation((await alice.api.search({ q: theirWord })).hits[0].conversation.id)).members.map((m) => m.userId)).toContain(alice.id);
  });

  it('says clearly when nothing matches, with a suggestion', async () => {
    await search(`nothing${randomUUID().slice(0, 6)} here`);
    await expect(page.locator('#search-results li').count()).resolves.toBe(0);
    await expect(page.locator('#search-status').textContent()).resolves.toMatch(/^No messages match “nothing\w+ here”\. .*try fewer or other words/);
    await page.locator('#search-dialog [data-close]').click();
    await expect(page.locator('#search-dialog').isVisible()).resolves.toBe(false);
  });
});

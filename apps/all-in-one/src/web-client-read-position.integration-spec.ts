import { randomUUID } from 'node:crypto';
import { uniqueName, type TestUser } from '@chat/testing';
import type { Page } from 'playwright-core';
import { delivered, logIn, message, openConversation, type Person, send, trioInChannel, webClientSceneOnOwnServer } from './web-client-harness';

/** Long enough that the list scrolls in an 800 px high window. */
const EARLIER_MESSAGES = 40;
/** How long a read that should not happen is given to happen anyway. */
const QUIET_MS = 1_500;

/**
 * The read pointer follows what the reader has seen (seed 004 8.5): a message that arrives while
 * Bob is scrolled up or has the tab in the background is not read until he scrolls to it or comes
 * back; then it is, without him doing anything else.
 */
describe('web client: read position follows what is seen', () => {
  let users: Record<'alice' | 'bob' | 'carol', TestUser>;
  let alice: Person;
  let bob: Person;
  let conversationId: string;
  const channel = uniqueName('reading');

  webClientSceneOnOwnServer({}, {
    ready: async ({ person, server }) => {
      ({ users, conversationId } = await trioInChannel(server.url, channel));
      for (let i = 1; i <= EARLIER_MESSAGES; i++) await users.carol.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: `Earlier message ${i}` });
      [alice, bob] = await Promise.all([person(server.url), person(server.url)]);
      await logIn(alice.page, users.alice.auth.user.username);
      await logIn(bob.page, users.bob.auth.user.username);
      await openConversation(alice.page, channel);
      await openConversation(bob.page, channel);
    },
  });

  const bobsPointer = async () => (await users.alice.api.readPointers(conversationId)).reads.find((r) => r.userId === users.bob.id)?.lastReadSeq ?? 0;
  const scrollTo = (page: Page, where: 'top' | 'bottom') =>
    page.$eval('#messages-scroller', (el, to) => el.scrollTo({ top: to === 'top' ? 0 : el.scrollHeight }), where);
  /** What a browser does when its tab goes to the background or comes back. */
  const setVisibility = (page: Page, state: 'hidden' | 'visible') =>
    page.evaluate((s) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => s === 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    }, state);

  it('does not mark a message read while Bob is scrolled up, and does once he scrolls down to it', async () => {
    await message(bob.page, `Earlier message ${EARLIER_MESSAGES}`).waitFor();
    await scrollTo(bob.page, 'top');
    await bob.page.locator('#jump-latest').waitFor({ state: 'hidden' });

    await send(alice.page, 'Scroll down when you can');
    const status = delivered(alice.page, 'Scroll down when you can').locator('.status');
    await status.filter({ hasText: 'Delivered' }).waitFor();
    const { seq } = (await users.alice.api.history(conversationId, { limit: 1 })).messages[0]!;
    await message(bob.page, 'Scroll down when you can').waitFor();
    await bob.page.locator('#jump-latest').waitFor();
    await bob.page.waitForTimeout(QUIET_MS);
    expect(await bobsPointer()).toBeLessThan(seq);
    expect(await status.textContent()).not.toContain('Seen');

    await scrollTo(bob.page, 'bottom');
    await status.filter({ hasText: 'Seen by 1' }).waitFor();
    expect(await bobsPointer()).toBe(seq);
  });

  it('does not mark a message read while Bob’s tab is hidden, and does when he comes back to it', async () => {
    await setVisibility(bob.page, 'hidden');
    await send(alice.page, 'Are you there?');
    const status = delivered(alice.page, 'Are you there?').locator('.status');
    await status.filter({ hasText: 'Delivered' }).waitFor();
    const { seq } = (await users.alice.api.history(conversationId, { limit: 1 })).messages[0]!;
    await message(bob.page, 'Are you there?').waitFor();
    await bob.page.waitForTimeout(QUIET_MS);
    expect(await bobsPointer()).toBeLessThan(seq);
    expect(await status.textContent()).not.toContain('Seen');

    await setVisibility(bob.page, 'visible');
    await status.filter({ hasText: 'Seen by 1' }).waitFor();
    expect(await bobsPointer()).toBe(seq);
  });
});

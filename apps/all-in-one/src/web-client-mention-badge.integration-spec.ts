import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { connect, signUp, uniqueName, type TestUser } from '@chat/testing';
import { axeViolations } from './web-client-axe';
import { logIn, logInAndOpen, message, openConversation, type Person, webClientSceneOnOwnServer } from './web-client-harness';

/**
 * The sidebar's "@" badge: of a conversation's unread messages, those that mention me or answer
 * one of mine are counted beside the unread count, live while another conversation is open and
 * from the server's list after a reload; opening the conversation clears both. The tab's title
 * adds up the unread counts (a muted conversation's "@" count only) for a chat in a background tab.
 * A message sent while a page connects, after its list was read but before it subscribed, counts too.
 */
describe('web client: the "@" badge for unread messages addressed to me', () => {
  let aliceUser: TestUser;
  let bobUser: TestUser;
  let bob: Person;
  let groupId: string;
  let askedId: string;
  let elsewhereId: string;
  let mutedId: string;
  const group = uniqueName('addressed');
  const elsewhere = uniqueName('elsewhere');
  const muted = uniqueName('muted');

  const scene = webClientSceneOnOwnServer({}, {
    ready: async ({ person, server }) => {
      [aliceUser, bobUser] = await Promise.all(['alice', 'bob'].map((name) => signUp(server.url, name)));
      ({ id: groupId } = (await aliceUser.api.createConversation({ type: 'group', name: group, memberIds: [bobUser.id] })).conversation);
      ({ id: elsewhereId } = (await aliceUser.api.createConversation({ type: 'group', name: elsewhere, memberIds: [bobUser.id] })).conversation);
      // Muted by Bob before his page loads: its unread count reaches the tab's title only where a message addresses him.
      ({ id: mutedId } = (await aliceUser.api.createConversation({ type: 'group', name: muted, memberIds: [bobUser.id] })).conversation);
      await bobUser.api.setMuted(mutedId, true);
      // Bob's own message, for Alice to answer: his own never counts as unread.
      ({ id: askedId } = (await bobUser.api.sendMessage(groupId, { clientMessageId: randomUUID(), body: 'Who is up for lunch?' })).message);
      bob = await person(server.url);
      await logInAndOpen([[bob, bobUser]], elsewhere);
    },
  });

  const entry = (page: Page) => page.locator(`#conversation-list button[data-conversation-id="${groupId}"]`);
  const unreadBadge = (page: Page) => entry(page).locator('.badge:not(.mention-badge)');
  const mentionBadge = (page: Page) => entry(page).locator('.mention-badge');
  const aliceSends = (body: string, links: { mentions?: string[]; replyTo?: string } = {}) => aliceUser.api.sendMessage(groupId, { clientMessageId: randomUUID(), body, ...links });
  /** Both badges as Bob's list shows them: their text and their label, or null for one not there. */
  const badges = async (page: Page) => {
    const shown = async (badge: ReturnType<typeof unreadBadge>) => ((await badge.count()) === 0 ? null : { text: await badge.textContent(), label: await badge.getAttribute('aria-label') });
    return { unread: await shown(unreadBadge(page)), mentions: await shown(mentionBadge(page)) };
  };

  it('counts, live, the unread messages that mention Bob or answer him, beside the unread count', async () => {
    await aliceSends(`@${bobUser.auth.user.displayName} are you coming?`, { mentions: [bobUser.id] });
    await aliceSends('Count me in', { replyTo: askedId });
    await aliceSends('See you there');

    await unreadBadge(bob.page).filter({ hasText: '3' }).waitFor();
    await mentionBadge(bob.page).and(bob.page.locator('[aria-label="2 unread mentions or replies to you"]')).waitFor();
    expect(await badges(bob.page)).toEqual({ unread: { text: '3', label: '3 unread messages' }, mentions: { text: '@', label: '2 unread mentions or replies to you' } });
    for (const colorScheme of ['light', 'dark'] as const) {
      await bob.page.emulateMedia({ colorScheme });
      expect(await axeViolations(bob.page)).toEqual([]);
    }
    await bob.page.emulateMedia({ colorScheme: null });
  });

  it('still shows both after a reload, from the server’s list, and in German to a German browser', async () => {
    await bob.page.reload();
    await bob.page.locator('#chat-screen').waitFor();
    await mentionBadge(bob.page).waitFor();
    expect(await badges(bob.page)).toEqual({ unread: { text: '3', label: '3 unread messages' }, mentions: { text: '@', label: '2 unread mentions or replies to you' } });

    const german = await scene.person(scene.server.url, undefined, { locale: 'de-DE' });
    await logIn(german.page, bobUser.auth.user.username);
    await mentionBadge(german.page).waitFor();
    expect(await badges(german.page)).toEqual({ unread: { text: '3', label: '3 ungelesene Nachrichten' }, mentions: { text: '@', label: '2 ungelesene Erwähnungen oder Antworten an dich' } });
  });

  it('clears both when Bob opens the conversation; one addressed to him while it is open does not count, the next one elsewhere does', async () => {
    await openConversation(bob.page, group);
    await unreadBadge(bob.page).waitFor({ state: 'detached' });
    expect(await badges(bob.page)).toEqual({ unread: null, mentions: null });

    await aliceSends('Bob, while you are here', { mentions: [bobUser.id] });
    await message(bob.page, 'Bob, while you are here').waitFor();
    expect(await badges(bob.page)).toEqual({ unread: null, mentions: null });

    await openConversation(bob.page, elsewhere);
    await aliceSends('And one more for you', { replyTo: askedId });
    await mentionBadge(bob.page).waitFor();
    expect(await badges(bob.page)).toEqual({ unread: { text: '1', label: '1 unread message' }, mentions: { text: '@', label: '1 unread mention or reply to you' } });
  });

  it('counts Bob’s unread messages in the tab’s title beside the open conversation (its own while the tab is in the background), a muted one’s only those addressed to him, live', async () => {
    /** Waits for Bob's tab to say `expected`, then reads it as the browser does. */
    const tabSays = async (expected: string) => {
      await bob.page.waitForFunction((text) => document.title === text, expected).catch(() => undefined);
      expect(await bob.page.title()).toBe(expected);
    };
    const mutedUnread = bob.page.locator(`#conversation-list button[data-conversation-id="${mutedId}"] .badge:not(.mention-badge)`);
    const aliceSendsTo = (conversationId: string, body: string, mentions?: string[]) => aliceUser.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body, mentions });

    await openConversation(bob.page, group);
    await tabSays(`${group} · Chat`);
    await aliceSendsTo(elsewhereId, 'Over here');
    await tabSays(`(1) ${group} · Chat`);
    await openConversation(bob.page, elsewhere);
    await tabSays(`${elsewhere} · Chat`);

    await aliceSendsTo(mutedId, 'Nobody needs to look');
    await mutedUnread.filter({ hasText: '1' }).waitFor();
    expect(await bob.page.title()).toBe(`${elsewhere} · Chat`);
    await aliceSendsTo(mutedId, `@${bobUser.auth.user.displayName} but you do`, [bobUser.id]);
    await tabSays(`(1) ${elsewhere} · Chat`);

    const renamed = uniqueName('renamed');
    await aliceUser.api.updateConversation(elsewhereId, { name: renamed });
    await tabSays(`(1) ${renamed} · Chat`);
    // Unmuted elsewhere (here through the API): both of its unread messages count again.
    await bobUser.api.setMuted(mutedId, false);
    await tabSays(`(2) ${renamed} · Chat`);

    // The tab in the background: a message in the open conversation counts too, till Bob is back and it is seen.
    const pageShown = (state: 'hidden' | 'visible') =>
      bob.page.evaluate((s) => {
        Object.defineProperty(document, 'visibilityState', { value: s, configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
    await pageShown('hidden');
    await aliceSendsTo(elsewhereId, 'While you were away');
    await tabSays(`(3) ${renamed} · Chat`);
    await pageShown('visible');
    await tabSays(`(2) ${renamed} · Chat`);

    await bob.page.click('#logout-button');
    await bob.page.locator('#login-username').waitFor();
    expect(await bob.page.title()).toBe('Chat');
  });

  it('counts a message sent after Bob’s list was read but before his page subscribed to its conversation', async () => {
    const between = uniqueName('between');
    const { id } = (await aliceUser.api.createConversation({ type: 'group', name: between, memberIds: [bobUser.id] })).conversation;
    const watcher = await connect(scene.server.url, aliceUser.auth.accessToken);
    await watcher.request('conversation.join', { conversationId: id });
    const late = await scene.person(scene.server.url);
    // Every list this page asks for is the one read before Alice's message, answered once her message has gone out to the room.
    let listedBefore: Promise<{ status: number; headers: Record<string, string>; body: Buffer }> | undefined;
    await late.page.route(/\/v1\/conversations(\?|$)/, async (route) => {
      listedBefore ??= (async () => {
        const listed = await route.fetch();
        const snapshot = { status: listed.status(), headers: listed.headers(), body: await listed.body() };
        const fannedOut = new Promise((resolve) => watcher.socket.once('message.created', resolve));
        await aliceUser.api.sendMessage(id, { clientMessageId: randomUUID(), body: `@${bobUser.auth.user.displayName} while you connect`, mentions: [bobUser.id] });
        await fannedOut;
        return snapshot;
      })();
      await route.fulfill(await listedBefore);
    });
    try {
      await logIn(late.page, bobUser.auth.user.username);
      const entryOf = late.page.locator(`#conversation-list button[data-conversation-id="${id}"]`);
      await entryOf.locator('.mention-badge').waitFor();
      expect(await entryOf.locator('.badge:not(.mention-badge)').textContent()).toBe('1');
      expect(await entryOf.textContent()).toContain('while you connect');
    } finally {
      watcher.close();
      await late.page.unrouteAll({ behavior: 'ignoreErrors' });
    }
  });
});

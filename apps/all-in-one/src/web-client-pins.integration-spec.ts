import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { eventually, signUp, uniqueName, type TestUser } from '@chat/testing';
import { axeViolations } from './web-client-axe';
import { act, createEncryptedGroup, delivered, duoInGroup, logInAndOpen, message, openConversation, type Person, send, webClientSceneOnOwnServer } from './web-client-harness';

/** More than the client's first page of history (50 by default), so a message before them is not loaded on opening. */
const MESSAGES_AFTER = 60;

/**
 * Pinned messages in the browser client: Pin on a message's actions, the bar under the header
 * with the latest pin on every member's page (live, and on opening), choosing it brings the
 * message into view (loading the history up to it), the list of all pins with Unpin, the channel
 * rule (only owners and admins pin), a deleted message leaving the bar, and in an end-to-end
 * encrypted group the pin decrypted like the messages.
 */
describe('web client: pinned messages', () => {
  let aliceUser: TestUser;
  let bobUser: TestUser;
  let alice: Person;
  let bob: Person;
  let conversationId: string;
  let bobName: string;
  const group = uniqueName('pins');

  const scene = webClientSceneOnOwnServer({}, {
    ready: async ({ person, server }) => {
      ({ users: { alice: aliceUser, bob: bobUser }, people: { alice, bob }, conversationId } = await duoInGroup(server.url, group, person));
      bobName = bobUser.auth.user.displayName;
    },
  });

  const bar = (page: Page) => page.getByRole('region', { name: 'Pinned messages' });
  /** What the bar says: its latest pin's sender and text, and the count; null while it is hidden. */
  const barText = (page: Page) =>
    page.evaluate(() => {
      const node = document.getElementById('pinned-bar')!;
      const text = (id: string) => document.getElementById(id)!.textContent;
      return node.hidden ? null : { sender: text('pinned-sender'), text: text('pinned-text'), count: text('pinned-all') };
    });
  const barShows = (page: Page, expected: Awaited<ReturnType<typeof barText>>) => eventually(async () => expect(await barText(page)).toEqual(expected));
  const pinsDialog = (page: Page) => page.getByRole('dialog', { name: 'Pinned messages' });
  const pinRows = (page: Page) => pinsDialog(page).locator('li').evaluateAll((rows) => rows.map((r) => r.querySelector('.pin-show')!.textContent));
  const flashed = (page: Page, text: string) => page.locator('#message-list li.message.flash', { hasText: text });

  async function checkAxe(pages: Page[]): Promise<void> {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const page of pages) {
        await page.emulateMedia({ colorScheme });
        expect(await axeViolations(page)).toEqual([]);
      }
    }
    for (const page of pages) await page.emulateMedia({ colorScheme: null });
  }

  it('Alice pins Bob’s message from its actions; Bob’s page shows the bar live, and on opening the bar brings the message into view', async () => {
    await send(bob.page, 'Lunch at noon?');
    await message(alice.page, 'Lunch at noon?').waitFor();
    expect(await bar(alice.page).isHidden()).toBe(true);

    await act(message(alice.page, 'Lunch at noon?'), 'Pin message');
    await barShows(alice.page, { sender: bobName, text: 'Lunch at noon?', count: '1 pinned' });
    await barShows(bob.page, { sender: 'You', text: 'Lunch at noon?', count: '1 pinned' });
    // Pinned, the action says Unpin on both pages.
    for (const page of [alice.page, bob.page]) await message(page, 'Lunch at noon?').getByRole('button', { name: 'Unpin message' }).waitFor({ state: 'attached' });
    await checkAxe([alice.page, bob.page]);

    // Far back: on opening, the message is not loaded, yet the bar shows it and brings it (and the pages up to it) into view.
    for (let i = 1; i <= MESSAGES_AFTER; i++) await bobUser.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: `Filler ${i}` });
    await bob.page.reload();
    await openConversation(bob.page, group);
    await barShows(bob.page, { sender: 'You', text: 'Lunch at noon?', count: '1 pinned' });
    expect(await message(bob.page, 'Lunch at noon?').count()).toBe(0);
    await bar(bob.page).getByRole('button', { name: 'Pinned message You Lunch at noon?' }).click();
    await flashed(bob.page, 'Lunch at noon?').waitFor();
    expect(await bob.page.evaluate(() => document.activeElement?.matches('li.message.flash'))).toBe(true);
  });

  it('the list shows every pin, the latest first; choosing one brings it into view, the bar walks through them, and unpinning in the list removes it on both pages', async () => {
    await send(alice.page, 'Second pinned note');
    await delivered(alice.page, 'Second pinned note').waitFor();
    await act(delivered(alice.page, 'Second pinned note'), 'Pin message');
    await barShows(bob.page, { sender: aliceUser.auth.user.displayName, text: 'Second pinned note', count: '2 pinned' });

    await bar(bob.page).getByRole('button', { name: '2 pinned' }).click();
    await pinsDialog(bob.page).waitFor();
    expect(await pinRows(bob.page)).toEqual([`${aliceUser.auth.user.displayName}Second pinned note`, 'YouLunch at noon?']);
    await pinsDialog(bob.page).getByText(`Pinned by ${aliceUser.auth.user.displayName}`).first().waitFor();
    await checkAxe([bob.page]);

    await pinsDialog(bob.page).getByRole('button', { name: 'You Lunch at noon?' }).click();
    await pinsDialog(bob.page).waitFor({ state: 'hidden' });
    await flashed(bob.page, 'Lunch at noon?').waitFor();

    // The bar walks through the pins from the latest: each press shows its pin and moves it to the next older one, then round.
    const barPosition = () => bob.page.locator('#pinned-label').textContent();
    expect(await barPosition()).toBe('Pinned message 1 of 2');
    await bob.page.click('#pinned-current');
    await flashed(bob.page, 'Second pinned note').waitFor();
    await barShows(bob.page, { sender: 'You', text: 'Lunch at noon?', count: '2 pinned' });
    expect(await barPosition()).toBe('Pinned message 2 of 2');
    await bob.page.click('#pinned-current');
    await flashed(bob.page, 'Lunch at noon?').waitFor();
    await barShows(bob.page, { sender: aliceUser.auth.user.displayName, text: 'Second pinned note', count: '2 pinned' });

    await bar(bob.page).getByRole('button', { name: '2 pinned' }).click();
    await pinsDialog(bob.page).getByRole('button', { name: `Unpin the message by ${aliceUser.auth.user.displayName}` }).click();
    await eventually(async () => expect(await pinRows(bob.page)).toEqual(['YouLunch at noon?']));
    // The keyboard's place stays in the list: on the row now where the unpinned one was.
    expect(await bob.page.evaluate(() => document.activeElement?.closest('dialog')?.id)).toBe('pins-dialog');
    await barShows(alice.page, { sender: bobName, text: 'Lunch at noon?', count: '1 pinned' });
    await delivered(alice.page, 'Second pinned note').getByRole('button', { name: 'Pin message' }).waitFor({ state: 'attached' });

    // The last one unpinned: the list closes and the bar goes, on both pages.
    await pinsDialog(bob.page).getByRole('button', { name: 'Unpin the message by You' }).click();
    await pinsDialog(bob.page).waitFor({ state: 'hidden' });
    await barShows(bob.page, null);
    await barShows(alice.page, null);
  });

  it('in a channel a plain member is offered no Pin (and no Unpin) but sees the owner’s pin; a pinned message deleted leaves the bar', async () => {
    const carolUser = await signUp(scene.server.url, 'carol');
    const channel = uniqueName('pins-channel');
    const { conversation } = await aliceUser.api.createConversation({ type: 'channel', name: channel, visibility: 'public' });
    await carolUser.api.join(conversation.id);
    const carol = await scene.person(scene.server.url);
    await logInAndOpen([[carol, carolUser]], channel);
    await openConversation(alice.page, channel);

    await send(alice.page, 'Channel rules apply');
    const seenByCarol = message(carol.page, 'Channel rules apply');
    await seenByCarol.waitFor();
    await seenByCarol.hover();
    await seenByCarol.getByRole('button', { name: 'Reply to message' }).waitFor();
    expect(await seenByCarol.getByRole('button', { name: /pin message/i }).count()).toBe(0);

    await act(delivered(alice.page, 'Channel rules apply'), 'Pin message');
    await barShows(carol.page, { sender: aliceUser.auth.user.displayName, text: 'Channel rules apply', count: '1 pinned' });
    await bar(carol.page).getByRole('button', { name: '1 pinned' }).click();
    expect(await pinRows(carol.page)).toEqual([`${aliceUser.auth.user.displayName}Channel rules apply`]);
    expect(await pinsDialog(carol.page).getByRole('button', { name: /^Unpin/ }).count()).toBe(0);
    await pinsDialog(carol.page).getByRole('button', { name: 'Close' }).click();

    // Deleting a message unpins it (the server sends no pin frame for that): both bars go.
    await act(delivered(alice.page, 'Channel rules apply'), 'Delete message');
    await barShows(carol.page, null);
    await barShows(alice.page, null);
  });

  it('in an end-to-end encrypted group the bar shows the pinned message decrypted, its edit too, and after a reload', async () => {
    const secret = uniqueName('pins-secret');
    for (const user of [aliceUser, bobUser]) await eventually(async () => expect((await user.api.myDevices()).devices.length).toBeGreaterThan(0));
    await createEncryptedGroup(alice.page, secret, [bobUser]);
    await openConversation(bob.page, secret);
    await bob.page.locator('#pane-title .e2ee-badge').waitFor();

    await send(bob.page, 'The vault code is 1234');
    await act(message(alice.page, 'The vault code is 1234'), 'Pin message');
    await barShows(alice.page, { sender: bobName, text: 'The vault code is 1234', count: '1 pinned' });
    await barShows(bob.page, { sender: 'You', text: 'The vault code is 1234', count: '1 pinned' });
    // The server keeps ciphertext: the text above was opened in each browser.
    const secretId = (await aliceUser.api.listConversations()).conversations.find((c) => c.name === secret)!.id;
    const [pin] = (await aliceUser.api.pins(secretId)).pins;
    expect(JSON.parse(pin!.message.body)).toMatchObject({ v: 1, ct: expect.any(String) });

    await act(message(bob.page, 'The vault code is 1234'), 'Edit message');
    const editor = bob.page.getByRole('textbox', { name: 'Edit message' });
    await editor.fill('The vault code is 5678');
    await editor.press('Enter');
    await barShows(alice.page, { sender: bobName, text: 'The vault code is 5678', count: '1 pinned' });
    await alice.page.reload();
    await openConversation(alice.page, secret);
    await barShows(alice.page, { sender: bobName, text: 'The vault code is 5678', count: '1 pinned' });
  });
});

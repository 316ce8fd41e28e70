import { randomUUID } from 'node:crypto';
import { signUp, uniqueName, type TestUser } from '@chat/testing';
import { axeViolations } from './web-client-axe';
import { act, delivered, logInAndOpen, message, NETWORK_NOISE, openConversation, type Person, send, webClientSceneOnOwnServer } from './web-client-harness';

/**
 * Edit, delete and reactions in the browser client: what one person does to a message shows on
 * the other's page live, without a reload, and each page offers only what the server allows.
 */
const SCREENSHOT = '/tmp/web-client-message-actions.png';

describe('web client: editing, deleting and reacting to messages', () => {
  let aliceUser: TestUser;
  let bobUser: TestUser;
  let alice: Person;
  let bob: Person;
  let conversationId: string;
  const channel = uniqueName('actions');

  // Below the contract's 500: what the page fetches again after a network drop must ask for pages this server takes.
  const scene = webClientSceneOnOwnServer({ HISTORY_MAX_LIMIT: '100' }, {
    ready: async ({ person, server }) => {
      [aliceUser, bobUser] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
      const { conversation } = await aliceUser.api.createConversation({ type: 'channel', name: channel, visibility: 'public' });
      conversationId = conversation.id;
      await bobUser.api.join(conversationId);
      [alice, bob] = await Promise.all([person(server.url), person(server.url)]);
      await logInAndOpen([[alice, aliceUser], [bob, bobUser]], channel);
    },
  });

  it('Alice edits her message and Bob sees the new text marked edited, live; an edit made elsewhere meanwhile is not overwritten unseen', async () => {
    await send(alice.page, 'First draft');
    await delivered(alice.page, 'First draft').waitFor();
    await message(bob.page, 'First draft').waitFor();

    // The actions are reachable from the keyboard: focusing one shows the toolbar.
    const mine = message(alice.page, 'First draft');
    const edit = mine.getByRole('button', { name: 'Edit message' });
    await edit.focus();
    expect(await mine.locator('.message-toolbar').evaluate((n) => getComputedStyle(n).opacity)).toBe('1');
    await edit.press('Enter');
    const editor = alice.page.getByRole('textbox', { name: 'Edit message' });
    await editor.fill('Final text');
    await editor.press('Enter');

    const edited = message(bob.page, 'Final text');
    await edited.locator('.edited', { hasText: 'edited' }).waitFor();
    expect(await message(bob.page, 'First draft').count()).toBe(0);
    await message(alice.page, 'Final text').locator('.edited').waitFor();
    // Only the sender edits: Bob is not offered it.
    expect(await edited.getByRole('button', { name: 'Edit message' }).count()).toBe(0);

    // Alice starts another edit; her other device changes the message first.
    await act(message(alice.page, 'Final text'), 'Edit message');
    await editor.fill('Third try');
    const { messages } = await aliceUser.api.history(conversationId);
    const target = messages.find((m) => m.body === 'Final text')!;
    await aliceUser.api.editMessage(conversationId, target.id, 'Changed elsewhere');
    await message(bob.page, 'Changed elsewhere').waitFor();
    await editor.press('Enter');
    await alice.page.locator('#toasts [role="alert"]', { hasText: 'changed elsewhere' }).waitFor();
    expect(await message(bob.page, 'Third try').count()).toBe(0);
    // Told, she saves again on purpose, and that replaces it.
    await editor.press('Enter');
    await message(bob.page, 'Third try').locator('.edited').waitFor();
    await editor.waitFor({ state: 'detached' });
    await alice.page.locator('#toasts').getByRole('button', { name: 'Dismiss' }).click();
    // The refused save is the 409 the browser logs; nothing else went wrong.
    expect(alice.problems.splice(0).filter((p) => !p.includes('409 (Conflict)'))).toEqual([]);
  });

  it('the Up arrow in Alice’s empty box edits her latest message, not Bob’s later one, and Escape brings her back to the box', async () => {
    await send(alice.page, 'Typo in thsi one');
    await delivered(alice.page, 'Typo in thsi one').waitFor();
    await send(bob.page, 'Bob has the last word');
    await message(alice.page, 'Bob has the last word').waitFor();

    const box = alice.page.locator('#composer-input');
    await box.click();
    await box.press('ArrowUp');
    const editor = alice.page.getByRole('textbox', { name: 'Edit message' });
    expect(await editor.inputValue()).toBe('Typo in thsi one');
    expect(await message(alice.page, 'Typo in thsi one').getByRole('textbox', { name: 'Edit message' }).count()).toBe(1);
    await editor.fill('Typo in this one');
    await editor.press('Enter');
    await message(bob.page, 'Typo in this one').locator('.edited').waitFor();
    expect(await box.evaluate((n) => n === document.activeElement)).toBe(true);

    // With text in the box, the arrow moves the caret as usual; Escape closes an editor unchanged.
    await box.fill('half written');
    await box.press('ArrowUp');
    expect(await editor.count()).toBe(0);
    await box.fill('');
    await box.press('ArrowUp');
    await editor.press('Escape');
    await editor.waitFor({ state: 'detached' });
    expect(await box.evaluate((n) => n === document.activeElement)).toBe(true);
  });

  it('Alice copies a link to a message; opened in Bob’s chat tab it shows that message, spotlit, far back in the history; a link into a group he is not in shows nothing of it', async () => {
    const linkedSeq = (await aliceUser.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: 'The decision we took' })).message.seq;
    for (let i = 0; i < 60; i++) await bobUser.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: `chatter ${i}` });
    await message(alice.page, 'chatter 59').waitFor();

    await alice.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await act(message(alice.page, 'The decision we took'), 'Copy link to this message');
    await alice.page.locator('#toasts', { hasText: 'Link copied' }).waitFor();
    const link = await alice.page.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(new RegExp(`/#conversation=${conversationId}&seq=${linkedSeq}$`));

    // Bob, elsewhere in his chat, follows it in the same tab.
    await bob.page.evaluate((hash) => (location.hash = hash), new URL(link).hash);
    const linked = bob.page.locator('#message-list li.message.spotlight', { hasText: 'The decision we took' });
    await linked.waitFor();
    expect(await bob.page.evaluate(() => location.hash)).toBe('');

    // Sent in a message, the link opens the message in the same tab, where the chat is.
    await aliceUser.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: `As decided: ${link}` });
    await openConversation(bob.page, channel);
    const inMessage = message(bob.page, 'As decided').getByRole('link');
    await inMessage.waitFor();
    expect(await linked.count()).toBe(0); // opened at its latest: the linked message is far back
    expect(await inMessage.getAttribute('target')).toBeNull();
    await inMessage.click();
    await linked.waitFor();
    expect(bob.context.pages()).toHaveLength(1);

    // A link into a group Bob is not in opens nothing of it.
    const carol = await signUp(scene.server.url, 'carol');
    const secret = (await aliceUser.api.createConversation({ type: 'group', name: uniqueName('secret'), memberIds: [carol.id] })).conversation.id;
    await aliceUser.api.sendMessage(secret, { clientMessageId: randomUUID(), body: 'Only for Alice' });
    await bob.page.evaluate((hash) => (location.hash = hash), `#conversation=${secret}&seq=1`);
    await bob.page.locator('#toasts', { hasText: 'Could not open the conversation: No such conversation' }).waitFor();
    expect(await bob.page.locator('#pane-empty').isVisible()).toBe(true);
    expect(await message(bob.page, 'Only for Alice').count()).toBe(0);
    await openConversation(bob.page, channel);
    // The refusals (404: a group hides itself from outsiders) are what the browser logs. The pane asks
    // for the group's details, page, receipts and mentions at once and gives up at the first refusal,
    // so the others' are logged later: taken only once the page has moved on.
    expect(bob.problems.splice(0).filter((p) => !p.includes('status of 404'))).toEqual([]);
  });

  it('Bob deletes his own message and Alice sees the tombstone; the owner may delete anyone’s, a member only their own', async () => {
    await send(bob.page, 'Oops, wrong channel');
    await delivered(bob.page, 'Oops, wrong channel').waitFor();
    const seq = await message(alice.page, 'Oops, wrong channel').getAttribute('data-seq');
    await act(message(bob.page, 'Oops, wrong channel'), 'Delete message');

    const tombstone = alice.page.locator(`#message-list li.message.deleted[data-seq="${seq}"]`);
    await tombstone.locator('.body', { hasText: 'This message was deleted.' }).waitFor();
    expect(await message(alice.page, 'Oops, wrong channel').count()).toBe(0);
    expect(await tombstone.getByRole('button').count()).toBe(0);
    // Bob's focus was on Delete, which is gone: it moves to the tombstone, not to the page.
    await bob.page.locator('#message-list li.message.deleted:focus').waitFor();

    // Bob is a member: nothing of Alice's to delete. Alice owns the channel: she may delete his.
    await send(bob.page, 'Spam spam spam');
    const spamSeq = await message(alice.page, 'Spam spam spam').getAttribute('data-seq');
    expect(await message(bob.page, 'Changed elsewhere').or(message(bob.page, 'Third try')).getByRole('button', { name: 'Delete message' }).count()).toBe(0);
    await act(message(alice.page, 'Spam spam spam'), 'Delete message');
    await bob.page.locator(`#message-list li.message.deleted[data-seq="${spamSeq}"]`).waitFor();
    expect(await message(bob.page, 'Spam spam spam').count()).toBe(0);
  });

  it('reaction counts update live on the other page, and each person toggles only their own reaction', async () => {
    await send(bob.page, 'Lunch at noon?');
    const onAlice = message(alice.page, 'Lunch at noon?');
    const onBob = message(bob.page, 'Lunch at noon?');
    await onAlice.waitFor();

    await act(onAlice, 'React with 👍');
    await onBob.getByRole('button', { name: '👍 1 reaction', exact: true }).waitFor();
    await onAlice.getByRole('button', { name: '👍 1 reaction, including mine' }).waitFor();
    expect(await onAlice.locator('.reaction[data-emoji="👍"]').getAttribute('aria-pressed')).toBe('true');

    // Bob adds his by the count itself: both see two, each page marks only its own.
    await onBob.locator('.reaction[data-emoji="👍"]').click();
    await onAlice.getByRole('button', { name: '👍 2 reactions, including mine' }).waitFor();
    await onBob.getByRole('button', { name: '👍 2 reactions, including mine' }).waitFor();

    // Alice takes hers back: one left, Bob's, still pressed on his page only.
    await onAlice.locator('.reaction[data-emoji="👍"]').click();
    await onBob.getByRole('button', { name: '👍 1 reaction, including mine' }).waitFor();
    await onAlice.getByRole('button', { name: '👍 1 reaction', exact: true }).waitFor();
    expect(await onAlice.locator('.reaction[data-emoji="👍"]').getAttribute('aria-pressed')).toBe('false');
    expect(await onAlice.locator('.reaction-count').textContent()).toBe('1');

    // From the keyboard: the redrawn controls keep the focus on the button used.
    const party = onBob.getByRole('button', { name: 'React with 🎉' });
    await party.focus();
    await party.press('Enter');
    await onAlice.getByRole('button', { name: '🎉 1 reaction', exact: true }).waitFor();
    await onBob.getByRole('button', { name: '🎉 1 reaction, including mine' }).waitFor();
    expect(await bob.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Remove my 🎉 reaction');
    await bob.page.screenshot({ path: SCREENSHOT });
  });

  it('offers more reactions in a grid: chosen by keyboard or click, marked as mine when opened again, closed by Escape back on its button', async () => {
    await send(bob.page, 'Ship it on Friday?');
    const onAlice = message(alice.page, 'Ship it on Friday?');
    const onBob = message(bob.page, 'Ship it on Friday?');
    const picker = alice.page.getByRole('dialog', { name: 'Choose a reaction' });

    await act(onAlice, 'More reactions');
    await picker.waitFor();
    expect(await alice.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('React with 😀');
    await alice.page.keyboard.press('ArrowDown'); // the second row
    await alice.page.keyboard.press('ArrowRight');
    await alice.page.keyboard.press('Enter');
    await picker.waitFor({ state: 'detached' });
    await onBob.getByRole('button', { name: '🥳 1 reaction', exact: true }).waitFor();
    await onAlice.getByRole('button', { name: '🥳 1 reaction, including mine' }).waitFor();

    await act(onAlice, 'More reactions');
    await picker.getByRole('button', { name: 'Remove my 🥳 reaction' }).waitFor();
    expect(await axeViolations(alice.page)).toEqual([]);
    await picker.getByRole('button', { name: 'React with 🚀' }).click();
    await onBob.getByRole('button', { name: '🚀 1 reaction', exact: true }).waitFor();

    const more = onAlice.getByRole('button', { name: 'More reactions' });
    await act(onAlice, 'More reactions');
    await picker.waitFor();
    await alice.page.keyboard.press('Escape');
    await picker.waitFor({ state: 'detached' });
    expect(await more.evaluate((n) => n === document.activeElement)).toBe(true);
    // A click elsewhere closes it too, choosing nothing.
    await act(onAlice, 'More reactions');
    await alice.page.locator('#composer-input').click();
    await picker.waitFor({ state: 'detached' });
    expect(await onBob.locator('.reaction').count()).toBe(2);
  });

  it('keeps Alice’s reaction marked hers after a reload and from her other device, and clicking it then takes it back', async () => {
    await send(bob.page, 'Coffee later?');
    const onAlice = message(alice.page, 'Coffee later?');
    const onBob = message(bob.page, 'Coffee later?');
    await act(onAlice, 'React with 😮');
    await onAlice.getByRole('button', { name: '😮 1 reaction, including mine' }).waitFor();

    // After a reload, "mine" comes from the server, not from what this page did.
    await alice.page.reload();
    await openConversation(alice.page, channel);
    const wow = onAlice.locator('.reaction[data-emoji="😮"]');
    expect(await wow.getAttribute('aria-pressed')).toBe('true');
    await onAlice.getByRole('button', { name: '😮 1 reaction, including mine' }).waitFor();
    await onAlice.hover();
    await onAlice.getByRole('button', { name: 'Remove my 😮 reaction' }).waitFor();

    // Her other device reacts: this page marks it hers, live; Bob's does not.
    const coffee = (await aliceUser.api.history(conversationId)).messages.find((m) => m.body === 'Coffee later?')!;
    await aliceUser.api.react(conversationId, coffee.id, '❤️');
    await onAlice.getByRole('button', { name: '❤️ 1 reaction, including mine' }).waitFor();
    await onBob.getByRole('button', { name: '❤️ 1 reaction', exact: true }).waitFor();

    // Clicking the marked count takes hers back, on both pages.
    await wow.click();
    await wow.waitFor({ state: 'detached' });
    await onBob.locator('.reaction[data-emoji="😮"]').waitFor({ state: 'detached' });
    expect((await aliceUser.api.history(conversationId)).messages.find((m) => m.id === coffee.id)?.myReactions).toEqual(['❤️']);
    // The other device takes its one back: no longer marked on this page.
    await aliceUser.api.unreact(conversationId, coffee.id, '❤️');
    await onAlice.locator('.reaction').waitFor({ state: 'detached' });
    await onAlice.hover();
    await onAlice.getByRole('button', { name: 'React with ❤️' }).waitFor();
  });

  it('after a network drop, Bob’s page shows the edits, deletions and reactions he missed', async () => {
    const send = (body: string) => aliceUser.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body });
    const [{ message: toEdit }, { message: toDelete }, { message: toLike }] = [await send('Meeting at 3'), await send('Wrong room'), await send('Bring snacks')];
    await message(bob.page, 'Bring snacks').waitFor();

    await bob.context.setOffline(true);
    await bob.page.locator('#connection-banner').getByText(/Reconnecting/).waitFor();
    await aliceUser.api.editMessage(conversationId, toEdit.id, 'Meeting at 4');
    await aliceUser.api.deleteMessage(conversationId, toDelete.id);
    await aliceUser.api.react(conversationId, toLike.id, '❤️');
    await bob.context.setOffline(false);

    // The reconnect comes with the backoff's next attempt (several seconds at most).
    await message(bob.page, 'Meeting at 4').locator('.edited').waitFor({ timeout: 45_000 });
    await bob.page.locator(`#message-list li.message.deleted[data-seq="${toDelete.seq}"]`).waitFor();
    await message(bob.page, 'Bring snacks').getByRole('button', { name: '❤️ 1 reaction', exact: true }).waitFor();
    // Chromium logs the refused connections while offline; nothing else may appear.
    expect(bob.problems.splice(0).filter((p) => !NETWORK_NOISE.test(p))).toEqual([]);
  });

  it('an edit whose answer comes after Alice opened another conversation does not land on that one’s message of the same seq', async () => {
    const [edited, openedMeanwhile] = [uniqueName('edited'), uniqueName('opened-meanwhile')];
    for (const name of [edited, openedMeanwhile]) {
      const { conversation } = await aliceUser.api.createConversation({ type: 'channel', name, visibility: 'public' });
      await aliceUser.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: `The one message of ${name}` });
    }
    await alice.page.reload();
    await openConversation(alice.page, edited);
    // The edit's answer waits until the other conversation is open.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await alice.page.route('**/v1/conversations/*/messages/*', async (route) => {
      if (route.request().method() !== 'PATCH') return route.fallback();
      await held;
      await route.continue();
    });
    const asked = alice.page.waitForRequest((request) => request.method() === 'PATCH');
    await act(message(alice.page, `The one message of ${edited}`), 'Edit message');
    const editor = alice.page.getByRole('textbox', { name: 'Edit message' });
    await editor.fill('Saved after leaving');
    await editor.press('Enter');
    await asked;
    await openConversation(alice.page, openedMeanwhile);
    const answered = alice.page.waitForResponse((response) => response.request().method() === 'PATCH');
    release();
    await answered;
    // What the page does with the answer (reveal, draw) settles within a few frames.
    await alice.page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(await message(alice.page, 'Saved after leaving').count()).toBe(0);
    expect(await message(alice.page, `The one message of ${openedMeanwhile}`).count()).toBe(1);
    await alice.page.unroute('**/v1/conversations/*/messages/*');
    await openConversation(alice.page, edited);
    await message(alice.page, 'Saved after leaving').locator('.edited').waitFor();
    expect(alice.problems.splice(0)).toEqual([]);
  });
});

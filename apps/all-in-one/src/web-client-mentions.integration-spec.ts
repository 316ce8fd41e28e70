import type { Page } from 'playwright-core';
import { eventually, signUp, uniqueName, type TestUser } from '@chat/testing';
import { axeViolations } from './web-client-axe';
import { createEncryptedGroup, delivered, logInAndOpen, openConversation, type Person, webClientSceneOnOwnServer } from './web-client-harness';

/**
 * Mentions in the browser client: "@" and the start of a name in the message box offers the
 * conversation's members (keyboard and mouse), picking one writes "@Display Name" and the send
 * carries the member's id (`mentions`) unless the name was deleted before sending; the page of the
 * member mentioned marks the message as mentioning them, every page marks the name; in an
 * end-to-end encrypted group the mention goes beside the sealed body.
 */
describe('web client: mentions', () => {
  let aliceUser: TestUser;
  let bobUser: TestUser;
  let carolUser: TestUser;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  let conversationId: string;
  let bobName: string;
  let carolName: string;
  const group = uniqueName('mentions');

  webClientSceneOnOwnServer({}, {
    ready: async ({ person, server }) => {
      [aliceUser, bobUser, carolUser] = await Promise.all(['alice', 'bob', 'carol'].map((name) => signUp(server.url, name)));
      [bobName, carolName] = [bobUser.auth.user.displayName, carolUser.auth.user.displayName];
      ({ id: conversationId } = (await aliceUser.api.createConversation({ type: 'group', name: group, memberIds: [bobUser.id, carolUser.id] })).conversation);
      [alice, bob, carol] = await Promise.all([person(server.url), person(server.url), person(server.url)]);
      await logInAndOpen([[alice, aliceUser], [bob, bobUser], [carol, carolUser]], group);
    },
  });

  const box = (page: Page) => page.locator('#composer-input');
  const suggestions = (page: Page) => page.getByRole('listbox', { name: 'Members to mention' });
  /** The offered members' names, and which one Enter would pick (the one the box's aria-activedescendant names). */
  const offered = async (page: Page) => {
    const options = suggestions(page).getByRole('option');
    const names = await options.locator('.mention-name').allTextContents();
    const activeId = await box(page).getAttribute('aria-activedescendant');
    const selected = await options.evaluateAll((nodes) => nodes.filter((n) => n.getAttribute('aria-selected') === 'true').map((n) => n.id));
    return { names, active: activeId === null ? null : names[Number(activeId.replace('composer-mention-', ''))], selected: selected.length === 1 && selected[0] === activeId };
  };
  const row = (page: Page, text: string) => page.locator('#message-list li.message').filter({ has: page.locator('.body', { hasText: text }) });
  const storedWith = async (user: TestUser, id: string, text: string) => {
    const { messages } = await user.api.history(id);
    return messages.filter((m) => m.body.includes(text));
  };

  it('Alice types "@bo", picks Bob with the keyboard and sends: the server has him mentioned, his page marks the message, Carol’s only the name', async () => {
    const { page } = alice;
    await box(page).pressSequentially('Hi @te');
    await suggestions(page).waitFor();
    expect(await box(page).getAttribute('aria-controls')).toBe('composer-mentions');
    expect(await box(page).getAttribute('aria-autocomplete')).toBe('list');
    // Both others fit "te" (Alice herself is never offered); the arrows move the active one.
    expect(await offered(page)).toEqual({ names: [bobName, carolName], active: bobName, selected: true });
    await page.keyboard.press('ArrowDown');
    expect(await offered(page)).toEqual({ names: [bobName, carolName], active: carolName, selected: true });
    await page.keyboard.press('ArrowUp');
    expect((await offered(page)).active).toBe(bobName);
    // Escape closes the list and leaves the text; typing on at that "@" does not bring it back.
    await page.keyboard.press('Escape');
    await suggestions(page).waitFor({ state: 'hidden' });
    expect(await box(page).getAttribute('aria-activedescendant')).toBeNull();
    await page.keyboard.type('s');
    expect(await suggestions(page).isVisible()).toBe(false);
    expect(await box(page).inputValue()).toBe('Hi @tes');

    for (let i = 0; i < 3; i++) await page.keyboard.press('Backspace');
    await page.keyboard.type('bo');
    await suggestions(page).waitFor();
    expect(await offered(page)).toEqual({ names: [bobName], active: bobName, selected: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await axeViolations(page)).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: null });

    await page.keyboard.press('Enter');
    await suggestions(page).waitFor({ state: 'hidden' });
    expect(await box(page).inputValue()).toBe(`Hi @${bobName} `);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('composer-input');
    await page.keyboard.type('lunch at noon?');
    await page.keyboard.press('Enter');

    const text = `Hi @${bobName} lunch at noon?`;
    await delivered(page, 'lunch at noon?').locator('.mention', { hasText: `@${bobName}` }).waitFor();
    expect((await storedWith(aliceUser, conversationId, 'lunch at noon?')).map((m) => ({ body: m.body, mentions: m.mentions }))).toEqual([{ body: text, mentions: [bobUser.id] }]);

    const forBob = row(bob.page, 'lunch at noon?');
    await forBob.locator('.mention', { hasText: `@${bobName}` }).waitFor();
    expect(await forBob.evaluate((node) => node.classList.contains('mentions-me'))).toBe(true);
    expect(await forBob.locator('.visually-hidden', { hasText: 'Mentions you' }).count()).toBe(1);
    expect(await forBob.locator('.body').textContent()).toBe(text);

    const forCarol = row(carol.page, 'lunch at noon?');
    await forCarol.locator('.mention', { hasText: `@${bobName}` }).waitFor();
    expect(await forCarol.evaluate((node) => node.classList.contains('mentions-me'))).toBe(false);
    expect(await forCarol.getByText('Mentions you').count()).toBe(0);

    for (const colorScheme of ['light', 'dark'] as const) {
      for (const { page: shown } of [bob, carol]) {
        await shown.emulateMedia({ colorScheme });
        expect(await axeViolations(shown)).toEqual([]);
      }
    }
    for (const { page: shown } of [bob, carol]) await shown.emulateMedia({ colorScheme: null });

    // After a reload, from history.
    await bob.page.reload();
    await openConversation(bob.page, group);
    await row(bob.page, 'lunch at noon?').locator('.mention', { hasText: `@${bobName}` }).waitFor();
    expect(await row(bob.page, 'lunch at noon?').evaluate((node) => node.classList.contains('mentions-me'))).toBe(true);
  });

  it('a mention whose name Alice deleted before sending is not sent (Carol, picked with the mouse); one left in is (Bob, picked with Tab)', async () => {
    const { page } = alice;
    await box(page).pressSequentially('@bo');
    await suggestions(page).getByRole('option', { name: new RegExp(bobName) }).waitFor();
    await page.keyboard.press('Tab');
    await box(page).pressSequentially('and @ca');
    await suggestions(page).getByRole('option', { name: new RegExp(carolName) }).click();
    expect(await box(page).inputValue()).toBe(`@${bobName} and @${carolName} `);
    // Carol's name loses its last letter: it no longer names her.
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(' on second thought, just you');
    await page.keyboard.press('Enter');

    await delivered(page, 'on second thought').waitFor();
    expect((await storedWith(aliceUser, conversationId, 'on second thought')).map((m) => m.mentions)).toEqual([[bobUser.id]]);
    const forCarol = row(carol.page, 'on second thought');
    await forCarol.locator('.mention', { hasText: `@${bobName}` }).waitFor();
    expect(await forCarol.locator('.mention').count()).toBe(1);
    expect(await forCarol.evaluate((node) => node.classList.contains('mentions-me'))).toBe(false);
    await row(bob.page, 'on second thought').and(bob.page.locator('li.mentions-me')).waitFor();

    // Deleting the only name leaves a plain message.
    await box(page).pressSequentially('@ca');
    await page.keyboard.press('Enter');
    await box(page).fill('nobody named after all');
    await page.keyboard.press('Enter');
    await delivered(page, 'nobody named after all').waitFor();
    expect((await storedWith(aliceUser, conversationId, 'nobody named after all')).map((m) => m.mentions)).toEqual([undefined]);
    await row(carol.page, 'nobody named after all').waitFor();
    expect(await row(carol.page, 'nobody named after all').evaluate((node) => node.classList.contains('mentions-me'))).toBe(false);
  });

  it('in an end-to-end encrypted group the mention goes beside the sealed body, and Bob’s page marks it', async () => {
    const secret = uniqueName('secret');
    for (const user of [aliceUser, bobUser]) await eventually(async () => expect((await user.api.myDevices()).devices.length).toBeGreaterThan(0));
    const { page } = alice;
    await createEncryptedGroup(page, secret, [bobUser]);
    await openConversation(bob.page, secret);
    await bob.page.locator('#pane-title .e2ee-badge').waitFor();

    await box(page).pressSequentially('@bo');
    await suggestions(page).waitFor();
    await page.keyboard.press('Enter');
    await page.keyboard.type('the vault code is 1234');
    await page.keyboard.press('Enter');
    await delivered(page, 'the vault code is 1234').locator('.mention').waitFor();

    const forBob = row(bob.page, 'the vault code is 1234');
    await forBob.locator('.mention', { hasText: `@${bobName}` }).waitFor();
    expect(await forBob.evaluate((node) => node.classList.contains('mentions-me'))).toBe(true);
    const secretId = (await aliceUser.api.listConversations()).conversations.find((c) => c.name === secret)!.id;
    const sent = (await aliceUser.api.history(secretId)).messages.filter((m) => m.senderId === aliceUser.id);
    expect(sent.map((m) => m.mentions)).toEqual([[bobUser.id]]);
    // The server got ciphertext: the name highlighted above was opened in Bob's browser.
    expect(JSON.parse(sent[0]!.body)).toMatchObject({ v: 1, ct: expect.any(String) });
  });
});

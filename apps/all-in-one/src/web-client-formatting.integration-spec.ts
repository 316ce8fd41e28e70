import { randomUUID } from 'node:crypto';
import { uniqueName, type TestUser } from '@chat/testing';
import { delivered, duoInGroup, message, type Person, send, webClientSceneOnOwnServer } from './web-client-harness';

/**
 * A message's formatting in the browser client (message-markup.ts): bold, italic, struck, inline
 * code, code blocks and links drawn as such on every member's page, never as HTML from the body;
 * previews (the list, a reply's quote) without the marks.
 */
describe('web client: message formatting', () => {
  let alice: Person;
  let bob: Person;
  let aliceUser: TestUser;
  let conversationId: string;
  const group = uniqueName('formatting');

  webClientSceneOnOwnServer({}, {
    ready: async ({ person, server }) => {
      ({ people: { alice, bob }, users: { alice: aliceUser }, conversationId } = await duoInGroup(server.url, group, person));
    },
  });

  it('draws what Alice typed formatted on both pages, the link opening apart from the chat, and the list preview without marks', async () => {
    await send(alice.page, '**Bold** and _italic_ with `npm **start**` at https://example.com/a_(b). ~~old~~ snake_case');
    await delivered(alice.page, 'Bold').waitFor();
    for (const { page } of [alice, bob]) {
      const body = message(page, 'Bold').locator('.body');
      await body.waitFor();
      expect(await body.locator('strong').allTextContents()).toEqual(['Bold']);
      expect(await body.locator('em').allTextContents()).toEqual(['italic']);
      expect(await body.locator('code').allTextContents()).toEqual(['npm **start**']);
      expect(await body.locator('s').allTextContents()).toEqual(['old']);
      const link = body.getByRole('link', { name: 'https://example.com/a_(b)' });
      expect(await link.getAttribute('href')).toBe('https://example.com/a_(b)');
      expect(await link.getAttribute('target')).toBe('_blank');
      expect(await link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
      expect(await body.textContent()).toBe('Bold and italic with npm **start** at https://example.com/a_(b). old snake_case');
    }
    const preview = bob.page.locator('#conversation-list button', { hasText: group }).locator('.conversation-preview');
    await preview.filter({ hasText: 'Bold and italic' }).waitFor();
    expect(await preview.textContent()).toBe('Bold and italic with npm **start** at https://example.com/a_(b). old snake_case');
  });

  it('marks the selection with the keyboard (Control and B, I or E), and takes it off again', async () => {
    const box = alice.page.locator('#composer-input');
    await box.click();
    await alice.page.keyboard.type('ship it today', { delay: 10 });
    for (let i = 0; i < 'today'.length; i++) await alice.page.keyboard.press('Shift+ArrowLeft');
    await alice.page.keyboard.press('Control+b');
    expect(await box.inputValue()).toBe('ship it **today**');
    await alice.page.keyboard.press('Control+b');
    expect(await box.inputValue()).toBe('ship it today');
    await alice.page.keyboard.press('Control+i');
    expect(await box.inputValue()).toBe('ship it *today*');
    await alice.page.keyboard.press('Enter');
    const body = message(bob.page, 'ship it').locator('.body');
    await body.locator('em').filter({ hasText: 'today' }).waitFor();
    expect(await body.textContent()).toBe('ship it today');
  });

  it('keeps a code block’s lines and spaces, and draws markup and script in a body as the text it is', async () => {
    await aliceUser.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: 'Run this:\n```\nfor x in 1 2:\n    echo **$x**\n```' });
    const block = message(bob.page, 'Run this').locator('.body code.code-block');
    await block.waitFor();
    expect(await block.textContent()).toBe('for x in 1 2:\n    echo **$x**');
    expect(await block.evaluate((n) => getComputedStyle(n).whiteSpace)).toBe('pre');

    await aliceUser.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: 'Try <img src=x onerror="document.title=\'owned\'"> or javascript:alert(1) **now**' });
    const body = message(bob.page, 'Try <img').locator('.body');
    await body.waitFor();
    expect(await body.locator('img, a').count()).toBe(0);
    expect(await body.locator('strong').allTextContents()).toEqual(['now']);
    expect(await bob.page.title()).not.toBe('owned');
  });
});

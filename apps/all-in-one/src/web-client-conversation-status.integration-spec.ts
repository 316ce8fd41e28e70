import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { uniqueName } from '@chat/testing';
import { axeViolations } from './web-client-axe';
import { duoInGroup, message, send, webClientSceneOnOwnServer } from './web-client-harness';

/**
 * Seed 000's session status in the web client: the owner closes the open conversation from its
 * header and reopens it; while it is closed both people see a notice, the message box and Send are
 * disabled, and the other person (a member, offered neither) follows each change live.
 */
describe('web client: closing and reopening a conversation', () => {
  const scene = webClientSceneOnOwnServer();

  const closeButton = (page: Page) => page.getByRole('button', { name: 'Close', exact: true });
  const reopenButton = (page: Page) => page.getByRole('button', { name: 'Reopen', exact: true });
  const notice = (page: Page) => page.locator('#closed-notice');

  it('closes the conversation for everyone in it, read only with a notice, and reopens it', async () => {
    const name = uniqueName('closing');
    const { users, people, conversationId } = await duoInGroup(scene.server.url, name, scene.person);
    const [owner, member] = [people.alice.page, people.bob.page];
    await send(member, 'before the close');
    expect(await closeButton(member).isHidden()).toBe(true);

    await closeButton(owner).click();
    await reopenButton(owner).waitFor();
    for (const page of [owner, member]) {
      await notice(page).waitFor();
      expect(await notice(page).textContent()).toContain('This conversation is closed');
      expect(await page.locator('#composer-input').isDisabled()).toBe(true);
      expect(await page.locator('#send-button').isDisabled()).toBe(true);
      await message(page, 'before the close').waitFor();
    }
    expect(await axeViolations(member)).toEqual([]);
    // The server holds it closed, whatever a page shows.
    await expect(users.bob.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: 'sneaked' })).rejects.toMatchObject({ status: 409, body: { code: 'CONVERSATION_CLOSED' } });

    await reopenButton(owner).click();
    await closeButton(owner).waitFor();
    for (const page of [owner, member]) {
      await notice(page).waitFor({ state: 'hidden' });
      expect(await page.locator('#composer-input').isDisabled()).toBe(false);
    }
    await send(member, 'after the reopen');
    await message(owner, 'after the reopen').waitFor();
  });
});

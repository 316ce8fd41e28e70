import { randomUUID } from 'node:crypto';
import { signUp, uniqueName, type TestUser } from '@chat/testing';
import { act, delivered, logInAndOpen, message, type Person, send, trioInChannel, webClientSceneOnOwnServer } from './web-client-harness';

/**
 * Reporting messages in the browser client: a member reports a message someone else wrote (a
 * reason and a note), the conversation's owner is told live and closes the report from the
 * moderation dialog's "Open reports".
 */
describe('web client: reporting a message', () => {
  let users: Record<'alice' | 'bob' | 'carol', TestUser>;
  let conversationId: string;
  let alice: Person;
  let bob: Person;
  const channel = uniqueName('reports');

  let serverUrl: string;

  // Bans come two a page unless a page size is asked for (the dialog asks for none), so the test pages them.
  webClientSceneOnOwnServer({ MODERATION_LOG_DEFAULT_LIMIT: '2' }, {
    ready: async ({ person, server }) => {
      serverUrl = server.url;
      ({ users, conversationId } = await trioInChannel(server.url, channel));
      [alice, bob] = await Promise.all([person(server.url), person(server.url)]);
      await logInAndOpen([[alice, users.alice], [bob, users.bob]], channel);
    },
  });

  it("Bob reports Carol's message; Alice, the owner, is told live, opens the open reports and dismisses it; Bob cannot report his own", async () => {
    await users.carol.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: 'Buy cheap watches here' });
    await send(bob.page, 'A message of my own');
    await delivered(bob.page, 'A message of my own').waitFor();
    const carols = message(bob.page, 'Buy cheap watches here');
    await carols.waitFor();

    // Only messages others wrote can be reported.
    expect(await message(bob.page, 'A message of my own').getByRole('button', { name: 'Report message' }).count()).toBe(0);

    await act(carols, 'Report message');
    const dialog = bob.page.getByRole('dialog', { name: 'Report message' });
    const reason = dialog.getByLabel('Reason');
    // The dialog starts on its first field, and offers the contract's reasons in words.
    expect(await reason.evaluate((n) => n === document.activeElement)).toBe(true);
    expect(await reason.locator('option').allTextContents()).toContain('Spam');
    await reason.selectOption({ label: 'Spam' });
    await dialog.getByLabel('Note').fill('Third time today');
    await dialog.getByRole('button', { name: 'Report', exact: true }).click();
    await bob.page.locator('#toasts', { hasText: 'the message is reported' }).waitFor();
    await dialog.waitFor({ state: 'hidden' });

    // Alice, the channel's owner, is told live; the notice opens the moderation dialog.
    const bobName = users.bob.auth.user.displayName;
    const carolName = users.carol.auth.user.displayName;
    const notice = alice.page.locator('#toasts').getByRole('button', { name: `${bobName} reported a message by ${carolName}` });
    await notice.click();
    const moderation = alice.page.getByRole('dialog', { name: 'Moderation log' });
    await moderation.waitFor();
    const reports = moderation.locator('#moderation-reports li');
    await reports.first().waitFor();
    expect(await reports.count()).toBe(1);
    const row = (await reports.first().textContent()) ?? '';
    const { messages } = await users.carol.api.history(conversationId);
    const seq = messages.find((m) => m.body === 'Buy cheap watches here')!.seq;
    expect(row).toContain(`Message #${seq} by ${carolName}, reported by ${bobName} as Spam`);
    expect(row).toContain('Third time today');

    await reports.first().getByRole('button', { name: `Dismiss the report of message #${seq} by ${carolName}` }).click();
    await moderation.locator('#moderation-reports-status', { hasText: 'No open reports.' }).waitFor();
    expect(await reports.count()).toBe(0);
    // The log says it was closed, and the server agrees.
    await moderation.locator('#moderation-entries li', { hasText: `closed a report` }).waitFor();
    const { reports: open } = await users.alice.api.reports(conversationId, { status: 'open' });
    expect(open).toEqual([]);
    await alice.page.keyboard.press('Escape');
    await moderation.waitFor({ state: 'hidden' });
  });

  it('a report another moderator closed meanwhile: the refusal is said and the list shows what stands; the bans in force page with Show more', async () => {
    const { message: sent } = await users.carol.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: 'Closed elsewhere' });
    const { report } = await users.bob.api.reportMessage(conversationId, sent.id, { reason: 'spam' });
    const banned = await Promise.all(['x1', 'x2', 'x3'].map((n) => signUp(serverUrl, n)));
    for (const b of banned) await users.alice.api.ban(conversationId, { userId: b.id });

    await alice.page.click('#moderation-button');
    const moderation = alice.page.getByRole('dialog', { name: 'Moderation log' });
    const reports = moderation.locator('#moderation-reports li');
    await reports.first().waitFor();
    // Closed from another of Alice's devices before she clicks here.
    await users.alice.api.resolveReport(conversationId, report.id, { status: 'actioned' });
    await reports.first().getByRole('button', { name: /^Dismiss the report/ }).click();
    await moderation.locator('#moderation-reports-status', { hasText: 'This report is closed already: actioned.' }).waitFor();
    expect(await reports.count()).toBe(0);
    expect(alice.problems.splice(0).filter((p) => !p.includes('status of 409'))).toEqual([]);

    // Two a page, newest first; Show more brings the third, then goes.
    const bans = moderation.locator('#moderation-bans li');
    await bans.nth(1).waitFor();
    expect(await bans.count()).toBe(2);
    await moderation.getByRole('button', { name: 'Show more' }).first().click();
    await bans.nth(2).waitFor();
    await moderation.locator('#moderation-bans-more').waitFor({ state: 'hidden' });
    expect(await bans.allTextContents()).toEqual(banned.reverse().map((b) => expect.stringContaining(b.auth.user.displayName)));
    await alice.page.keyboard.press('Escape');
    await moderation.waitFor({ state: 'hidden' });
  });

  it('a refusal is said in the report dialog (the message was deleted meanwhile)', async () => {
    const { message: sent } = await users.carol.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: 'Soon gone' });
    const target = message(bob.page, 'Soon gone');
    await target.waitFor();
    await act(target, 'Report message');
    const dialog = bob.page.getByRole('dialog', { name: 'Report message' });
    await users.carol.api.deleteMessage(conversationId, sent.id);
    await dialog.getByRole('button', { name: 'Report', exact: true }).click();
    await dialog.getByRole('alert').waitFor();
    expect(await dialog.getByRole('alert').textContent()).not.toBe('');
    expect(bob.problems.splice(0).filter((p) => !p.includes('status of 404'))).toEqual([]);
    await bob.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });
});

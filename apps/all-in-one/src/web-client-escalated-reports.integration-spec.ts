import { randomUUID } from 'node:crypto';
import { UsageMeter } from '@chat/tenancy';
import { ChatApi } from '@chat/sdk';
import { eventually, signUp, uniqueName, type TestUser } from '@chat/testing';
import { axeViolations } from './web-client-axe';
import { logIn, type Person, webClientSceneOnOwnServer } from './web-client-harness';

/**
 * Reports nobody in their conversation can act on, in the browser (seed 003 R9, R16.5): the
 * tenant's administrator is told live, the notice opens the Organization dialog's reports, which
 * show the message's text, and the administrator dismisses, handles, or bans the author's account,
 * and lifts account bans there.
 */
describe('web client: reports for the administrators', () => {
  const opsName = uniqueName('ops');
  let admin: ChatApi;
  let alice: TestUser;
  let bob: TestUser;
  let conversationId: string;
  let ops: Person;
  let names: { alice: string; bob: string };

  const say = (body: string) => bob.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body }).then((r) => r.message);
  const notices = () => ops.page.locator('#toasts').getByRole('button', { name: `${names.alice} reported a message that only administrators can act on` });
  const dialog = () => ops.page.getByRole('dialog', { name: /^Organization:/ });
  const row = (text: string) => dialog().locator('#organization-reports li', { hasText: text });

  const scene = webClientSceneOnOwnServer({ ADMIN_USERNAMES: opsName, RATE_LIMIT_REPORTS_PER_MINUTE: '1000', RATE_LIMIT_MESSAGES_PER_SECOND: '1000', RATE_LIMIT_MESSAGE_BURST: '1000' }, {
    ready: async ({ person, server }) => {
      admin = new ChatApi({ baseUrl: server.url });
      await admin.register(opsName, 'Ops', 'password-123');
      [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
      names = { alice: alice.auth.user.displayName, bob: bob.auth.user.displayName };
      conversationId = (await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] })).conversation.id;
      ops = await person(server.url);
      await logIn(ops.page, opsName);
      // Frames reach only connected sockets, and the administrator's is the only one here.
      await eventually(() => expect(server.app.get(UsageMeter).openSockets).toBe(1));
    },
  });

  it("Alice reports Bob's message in their direct conversation: the administrator is told live, opens the reports from the notice, reads the message and dismisses it", async () => {
    const threat = await say('I know where you live');
    await alice.api.reportMessage(conversationId, threat.id, { reason: 'harassment', note: 'scared' });

    await notices().click();
    await dialog().waitFor();
    // The notice leads to the section itself.
    await ops.page.waitForFunction(() => document.activeElement?.id === 'organization-reports-title');
    const reported = row('I know where you live');
    await reported.waitFor();
    expect(await reported.textContent()).toContain(`${names.alice} reported a message by ${names.bob} as Harassment or bullying (Direct conversation): scared`);

    await reported.getByRole('button', { name: `Dismiss ${names.alice}'s report of a message by ${names.bob}` }).click();
    await dialog().locator('#organization-reports-status', { hasText: 'No open reports.' }).waitFor();
    expect(await row('I know where you live').count()).toBe(0);
    const { reports } = await admin.tenantReports({ escalated: true });
    expect(reports.map((r) => r.status)).toEqual(['dismissed']);
  });

  it("shows reports filed while it is open, says when the message is gone, and bans the author's account after a confirm", async () => {
    const [phishing, regret] = [await say('Send me your password'), await say('Soon deleted')];
    await alice.api.reportMessage(conversationId, phishing.id, { reason: 'spam' });
    // The dialog stayed open: the new report shows up without reopening it.
    await row('Send me your password').waitFor();

    await alice.api.reportMessage(conversationId, regret.id, { reason: 'other' });
    await bob.api.deleteMessage(conversationId, regret.id);
    // The notice is behind the open dialog, as the rest of the page is; closed, it leads back to the reports.
    await ops.page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'hidden' });
    await notices().last().click();
    const gone = row('The message is no longer readable here');
    await gone.waitFor();
    expect(await gone.textContent()).toContain(`${names.alice} reported a message by ${names.bob} as Something else (Direct conversation)`);

    // Each report's text and buttons, as the accessibility spec checks the rest of the client.
    expect(await axeViolations(ops.page)).toEqual([]);

    const asked = new Promise<string>((resolve) => ops.page.once('dialog', (d) => resolve(d.message())));
    await row('Send me your password').getByRole('button', { name: `Ban author: ${names.bob}` }).click();
    expect(await asked).toContain(`Ban ${names.bob}'s account?`);
    expect(await asked).toContain('Every open report of their messages is then marked handled.');
    // The ban answers every open report of Bob's: the other one leaves the queue with it.
    await dialog().locator('#organization-reports-status', { hasText: 'No open reports.' }).waitFor();
    await expect(new ChatApi({ baseUrl: scene.server.url }).login(bob.auth.user.username, 'password-123')).rejects.toMatchObject({ status: 403, body: { code: 'ACCOUNT_BANNED' } });
    const { reports } = await admin.tenantReports({ escalated: true });
    expect(reports.map((r) => [r.messageId, r.status])).toEqual([
      [regret.id, 'actioned'],
      [phishing.id, 'actioned'],
      [expect.any(String), 'dismissed'],
    ]);
  });

  it('lists the banned accounts, where Lift ban lets one log in again; lifting a ban lifted meanwhile says why nothing changed', async () => {
    // Banning the author from the reports above shows them here at once.
    const bans = () => dialog().locator('#organization-bans li');
    const banned = (name: string) => dialog().locator('#organization-bans li', { hasText: name });
    await banned(names.bob).waitFor();
    expect(await banned(names.bob).textContent()).toContain(`${names.bob} · until lifted · Spam`);

    await admin.banAccount(alice.id, { reason: 'testing the lift' });
    await ops.page.keyboard.press('Escape');
    await ops.page.locator('#organization-button').click();
    await banned(names.alice).waitFor();
    expect(await bans().count()).toBe(2);
    // Another administrator lifts Alice's ban while this list still shows it.
    await admin.liftAccountBan(alice.id);
    await banned(names.alice).getByRole('button', { name: `Lift the ban on ${names.alice}` }).click();
    await dialog().locator('#organization-status', { hasText: 'This account is not banned' }).waitFor();

    await banned(names.bob).getByRole('button', { name: `Lift the ban on ${names.bob}` }).click();
    await dialog().locator('#organization-bans-section').waitFor({ state: 'hidden' });
    expect(await bans().count()).toBe(0);
    await expect(new ChatApi({ baseUrl: scene.server.url }).login(bob.auth.user.username, 'password-123')).resolves.toMatchObject({ user: { id: bob.id } });
    // The browser logs the refused lift's 404; nothing else may go wrong.
    expect(ops.problems.splice(0).filter((p) => !p.includes('status of 404'))).toEqual([]);
  });

  it('pages a long queue: Show more adds the older reports below until none are left', async () => {
    // Closed while the reports come in (open, it would load the queue again for each), then opened from a notice.
    if (await dialog().isVisible()) await ops.page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'hidden' });
    const [carol, dave] = await Promise.all([signUp(scene.server.url, 'carol'), signUp(scene.server.url, 'dave')]);
    const { conversation } = await carol.api.createConversation({ type: 'direct', memberIds: [dave.id] });
    // One more page than the section asks for at once (PAGE in tenant-reports-section.ts), and two more.
    const total = 102;
    for (let i = 0; i < total; i++) {
      const { message } = await dave.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: `spam number ${i}` });
      await carol.api.reportMessage(conversation.id, message.id, { reason: 'spam' });
    }
    await ops.page.locator('#toasts').getByRole('button', { name: /reported a message that only administrators can act on/ }).last().click();
    const rows = dialog().locator('#organization-reports li');
    await row(`spam number ${total - 1}`).waitFor();
    expect(await rows.count()).toBe(100);
    const more = dialog().getByRole('button', { name: 'Show more' });
    await more.click();
    await row('spam number 0').waitFor();
    expect(await rows.count()).toBe(total);
    expect(await more.isHidden()).toBe(true);
  });
});

import { randomUUID } from 'node:crypto';
import type { Locator, Page, WebSocketRoute } from 'playwright-core';
import { eventually, uniqueName, type TestUser } from '@chat/testing';
import { axeViolations } from './web-client-axe';
import { act, createEncryptedGroup, delivered, duoInGroup, NETWORK_NOISE, openConversation, type Person, send, webClientSceneOnOwnServer } from './web-client-harness';

/** Chromium's own lines for connections it could not make (offline, or dropped by the gate); anything else is a problem. */
/** More than the client's first page of history (50 by default), so the message they come after is not loaded at first. */
const MESSAGES_BETWEEN = 60;

/**
 * Lets a page's socket through, or, while down, drops each new one as soon as it opens (REST still
 * works): the socket stays offline across a reload, which itself needs the network.
 */
class SocketGate {
  private open = true;

  install(page: Page): Promise<void> {
    return page.routeWebSocket(/\/socket\.io\//, (ws) => this.route(ws));
  }

  down(): void {
    this.open = false;
  }

  up(): void {
    this.open = true;
  }

  private route(ws: WebSocketRoute): void {
    const server = ws.connectToServer();
    if (this.open) return; // frames pass both ways
    // Closed once it opened, so the page tries again soon (closed before, it would wait for its connect timeout).
    server.onMessage((frame) => {
      ws.send(frame);
      void ws.close();
    });
  }
}

/**
 * Replies in the browser client: Reply on a message puts it above the message box, the reply shows
 * a quote of it on every page (live, and from history), the quote follows the answered message's
 * edit and deletion live, choosing the quote brings the answered message into view (loading the
 * history up to it), a reply typed offline keeps what it answers, and in an end-to-end encrypted
 * group the quote is decrypted like the messages.
 */
describe('web client: replies', () => {
  const gate = new SocketGate();
  let aliceUser: TestUser;
  let bobUser: TestUser;
  let alice: Person;
  let bob: Person;
  let conversationId: string;
  let bobName: string;
  const group = uniqueName('replies');

  webClientSceneOnOwnServer({}, {
    ready: async ({ person, server }) => {
      ({ users: { alice: aliceUser, bob: bobUser }, people: { alice, bob }, conversationId } = await duoInGroup(server.url, group, person, { alicePage: (page) => gate.install(page) }));
      bobName = bobUser.auth.user.displayName;
    },
  });

  /** The message whose own text is `text` (a reply's quote holds the answered text too, so not any message containing it). */
  const byBody = (page: Page, text: string) => page.locator('#message-list li.message').filter({ has: page.locator('.body', { hasText: text }) });
  const quoteIn = (reply: Locator, label: string) => reply.getByRole('button', { name: label, exact: true });
  const banner = (page: Page) => page.locator('#composer-reply');
  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id);
  const sendAs = (user: TestUser, body: string, replyTo?: string) => user.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body, replyTo }).then((r) => r.message);

  it('Alice answers Bob’s message from its Reply action; both pages show the quote (Bob’s live), and after a reload from history', async () => {
    await send(bob.page, 'Lunch at noon?');
    const question = byBody(alice.page, 'Lunch at noon?');
    await question.waitFor();

    // From the keyboard: Reply is one of the message's actions; the box says what is answered, and Escape gives it up.
    const reply = question.getByRole('button', { name: 'Reply to message' });
    await reply.focus();
    await reply.press('Enter');
    await banner(alice.page).getByText(`Replying to ${bobName}`).waitFor();
    expect(await banner(alice.page).locator('.reply-excerpt').textContent()).toBe('Lunch at noon?');
    expect(await focusedId(alice.page)).toBe('composer-input');
    await alice.page.press('#composer-input', 'Escape');
    await banner(alice.page).waitFor({ state: 'hidden' });

    // With the mouse; × gives it up too, and the message box keeps the focus.
    await act(question, 'Reply to message');
    await banner(alice.page).getByRole('button', { name: 'Cancel reply' }).click();
    await banner(alice.page).waitFor({ state: 'hidden' });
    expect(await focusedId(alice.page)).toBe('composer-input');

    await act(question, 'Reply to message');
    await send(alice.page, 'Noon works');
    await delivered(alice.page, 'Noon works').waitFor();
    await banner(alice.page).waitFor({ state: 'hidden' });
    await quoteIn(delivered(alice.page, 'Noon works'), `In reply to ${bobName} Lunch at noon?`).waitFor();
    await quoteIn(byBody(bob.page, 'Noon works'), 'In reply to You Lunch at noon?').waitFor();
    // Checked by axe in both colour schemes: a quote on my own (accent) bubble and on another's, and the box answering one.
    await act(question, 'Reply to message');
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const { page } of [alice, bob]) {
        await page.emulateMedia({ colorScheme });
        expect(await axeViolations(page)).toEqual([]);
      }
    }
    for (const { page } of [alice, bob]) await page.emulateMedia({ colorScheme: null });
    await alice.page.press('#composer-input', 'Escape');
    // The reply went out with it: the next message is a plain one.
    await send(alice.page, 'See you there');
    await delivered(alice.page, 'See you there').waitFor();
    expect(await delivered(alice.page, 'See you there').locator('.quote').count()).toBe(0);
    expect(await byBody(bob.page, 'Lunch at noon?').locator('.quote').count()).toBe(0);

    await alice.page.reload();
    await openConversation(alice.page, group);
    await quoteIn(byBody(alice.page, 'Noon works'), `In reply to ${bobName} Lunch at noon?`).waitFor();
  });

  it('Bob edits the answered message and the quotes follow live; he deletes it and they say so, then from history too', async () => {
    await act(byBody(bob.page, 'Lunch at noon?'), 'Edit message');
    const editor = bob.page.getByRole('textbox', { name: 'Edit message' });
    await editor.fill('Lunch at one?');
    await editor.press('Enter');
    await quoteIn(byBody(alice.page, 'Noon works'), `In reply to ${bobName} Lunch at one?`).waitFor();
    await quoteIn(byBody(bob.page, 'Noon works'), 'In reply to You Lunch at one?').waitFor();

    await act(byBody(bob.page, 'Lunch at one?'), 'Delete message');
    for (const page of [alice.page, bob.page]) {
      await quoteIn(byBody(page, 'Noon works'), 'Original message deleted').waitFor();
      expect(await axeViolations(page)).toEqual([]);
    }
    await bob.page.reload();
    await openConversation(bob.page, group);
    await quoteIn(byBody(bob.page, 'Noon works'), 'Original message deleted').waitFor();
  });

  it('choosing the quote of a message above the loaded page loads the history up to it, then shows and marks it for a moment', async () => {
    const original = await sendAs(bobUser, 'Where is the spare key?');
    for (let i = 1; i <= MESSAGES_BETWEEN; i++) await sendAs(bobUser, `Meanwhile ${i}`);
    await sendAs(aliceUser, 'Under the mat', original.id);
    await alice.page.reload();
    await openConversation(alice.page, group);
    const answer = byBody(alice.page, 'Under the mat');
    await answer.waitFor();
    const target = alice.page.locator(`#message-list li.message[data-seq="${original.seq}"]`);
    expect(await target.count()).toBe(0);

    const quote = quoteIn(answer, `In reply to ${bobName} Where is the spare key?`);
    await quote.click();
    await alice.page.locator(`#message-list li.message.flash[data-seq="${original.seq}"]`).waitFor();
    expect(await target.evaluate((node) => node === document.activeElement)).toBe(true);
    expect(await target.evaluate((node) => {
      const view = document.getElementById('messages-scroller')!.getBoundingClientRect();
      const shown = node.getBoundingClientRect();
      return shown.top >= view.top && shown.bottom <= view.bottom;
    })).toBe(true);
    // Loaded as one run of history: no message missing between it and the latest.
    const seqs = await alice.page.$$eval('#message-list li.message[data-seq]', (nodes) => nodes.map((n) => Number((n as HTMLElement).dataset.seq)));
    expect(seqs.slice(seqs.indexOf(original.seq))).toEqual(Array.from({ length: seqs.length - seqs.indexOf(original.seq) }, (_, i) => original.seq + i));
    // The mark lasts a moment; Enter on the quote (a button) shows it again.
    await alice.page.locator('#message-list li.message.flash').waitFor({ state: 'detached' });
    await quote.focus();
    await quote.press('Enter');
    await alice.page.locator(`#message-list li.message.flash[data-seq="${original.seq}"]`).waitFor();
  });

  it('a reply typed offline waits with its quote, keeps what it answers through a reload, and goes out as a reply', async () => {
    const ping = await sendAs(bobUser, 'Are you still coming?');
    const label = `In reply to ${bobName} Are you still coming?`;
    await act(byBody(alice.page, 'Are you still coming?'), 'Reply to message');
    await alice.context.setOffline(true);
    await alice.page.locator('#connection-banner').getByText(/Reconnecting/).waitFor();
    await send(alice.page, 'Running late');
    const waiting = alice.page.locator('#message-list li.message.mine[data-status="waiting"]').filter({ has: alice.page.locator('.body', { hasText: 'Running late' }) });
    await quoteIn(waiting, label).waitFor();
    const kept = await alice.page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '[]') as unknown[], `chat.outbox.v1.${aliceUser.id}`);
    expect(kept).toEqual([expect.objectContaining({ body: 'Running late', replyTo: ping.id })]);

    // The page reloads with the network back but the socket still refused: the reply keeps waiting, quote and all.
    gate.down();
    await alice.context.setOffline(false);
    await alice.page.reload();
    await alice.page.locator('#pane-title', { hasText: group }).waitFor();
    await quoteIn(waiting, label).waitFor();

    gate.up();
    await quoteIn(delivered(alice.page, 'Running late'), label).waitFor();
    await quoteIn(byBody(bob.page, 'Running late'), 'In reply to You Are you still coming?').waitFor();
    const stored = (await bobUser.api.history(conversationId)).messages.filter((m) => m.body === 'Running late');
    expect(stored.map((m) => m.replyTo)).toEqual([expect.objectContaining({ id: ping.id, body: 'Are you still coming?' })]);
    expect(alice.problems.splice(0).filter((p) => !NETWORK_NOISE.test(p))).toEqual([]);
  });

  it('in an end-to-end encrypted group, the box and the quotes show the answered message decrypted, its edit too', async () => {
    const secret = uniqueName('secret');
    for (const user of [aliceUser, bobUser]) await eventually(async () => expect((await user.api.myDevices()).devices.length).toBeGreaterThan(0));
    const { page } = alice;
    await createEncryptedGroup(page, secret, [bobUser]);
    await openConversation(bob.page, secret);
    await bob.page.locator('#pane-title .e2ee-badge').waitFor();

    await send(bob.page, 'The vault code is 1234');
    await act(byBody(page, 'The vault code is 1234'), 'Reply to message');
    expect(await banner(page).locator('.reply-excerpt').textContent()).toBe('The vault code is 1234');
    await send(page, 'Got it');
    await quoteIn(delivered(page, 'Got it'), `In reply to ${bobName} The vault code is 1234`).waitFor();
    await quoteIn(byBody(bob.page, 'Got it'), 'In reply to You The vault code is 1234').waitFor();
    // The server quotes ciphertext: the text above was opened in each browser.
    const secretId = (await aliceUser.api.listConversations()).conversations.find((c) => c.name === secret)!.id;
    const reply = (await aliceUser.api.history(secretId)).messages.find((m) => m.replyTo)!;
    expect(reply.replyTo).toMatchObject({ deleted: false, senderId: bobUser.id });
    expect(reply.replyTo && !reply.replyTo.deleted && JSON.parse(reply.replyTo.body)).toMatchObject({ v: 1, ct: expect.any(String) });

    await act(byBody(bob.page, 'The vault code is 1234'), 'Edit message');
    const editor = bob.page.getByRole('textbox', { name: 'Edit message' });
    await editor.fill('The vault code is 5678');
    await editor.press('Enter');
    await quoteIn(byBody(page, 'Got it'), `In reply to ${bobName} The vault code is 5678`).waitFor();
    await page.reload();
    await openConversation(page, secret);
    await quoteIn(byBody(page, 'Got it'), `In reply to ${bobName} The vault code is 5678`).waitFor();
  });
});

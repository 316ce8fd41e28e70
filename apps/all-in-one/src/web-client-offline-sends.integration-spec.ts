import { randomUUID } from 'node:crypto';
import type { Page, WebSocketRoute } from 'playwright-core';
import { uniqueName, type TestUser } from '@chat/testing';
import { bodies, delivered, logIn, message, NETWORK_NOISE, openConversation, type Person, send, trioInChannel, webClientSceneOnOwnServer } from './web-client-harness';

/** Chromium's own lines for connections it could not make (offline, or refused below); anything else is a problem. */
/** The client's localStorage key for an account's unsent messages (apps/web outbox-store.ts). */
const outboxKey = (userId: string) => `chat.outbox.v1.${userId}`;
/** The client's QUEUED_SEND_TTL_MS (apps/web message-outbox.ts): a kept message older than this is not sent on its own. */
const QUEUED_SEND_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Stands between a page's socket and the server. `down()` closes it, and new ones drop as soon
 * as they open, while REST still works; `up()` lets them through again. `loseAnswerTo(body)`: the next send of that
 * body reaches the server, and the connection drops before anything comes back (its ack, my own
 * live message), so the page never learns the message was stored.
 */
class SocketGate {
  private open = true;
  private readonly live = new Set<WebSocketRoute>();
  private losing: string | null = null;

  async install(page: Page): Promise<void> {
    await page.routeWebSocket(/\/socket\.io\//, (ws) => this.route(ws));
  }

  down(): void {
    this.open = false;
    for (const ws of this.live) void ws.close();
    this.live.clear();
  }

  up(): void {
    this.open = true;
  }

  loseAnswerTo(body: string): void {
    this.losing = body;
  }

  private route(ws: WebSocketRoute): void {
    const server = ws.connectToServer();
    if (!this.open) {
      // Each connection drops as soon as it opens, and the page tries again shortly. (One closed before it opened would
      // leave the page waiting for its connect timeout, 20 s, rather than retrying.)
      server.onMessage((frame) => {
        ws.send(frame);
        void ws.close();
      });
      return;
    }
    this.live.add(ws);
    /** Socket.IO frames: the page's request `42<id>["message.send",…]`, the server's answer `43<id>[…]`. */
    let lostAnswer: string | null = null;
    ws.onMessage((frame) => {
      server.send(frame);
      const id = /^42(\d+)\["message\.send"/.exec(String(frame))?.[1];
      if (id && this.losing && String(frame).includes(this.losing)) {
        this.losing = null;
        lostAnswer = `43${id}[`;
      }
    });
    server.onMessage((frame) => {
      if (!lostAnswer) return ws.send(frame);
      // From the send on, nothing reaches the page; once the server has answered (stored it), the connection drops.
      if (String(frame).startsWith(lostAnswer)) this.down();
    });
  }
}

/**
 * Messages typed while the client is offline wait ("Waiting to send") and go out, in order and
 * once each, when the connection is back, even after a reload; one that waited longer than the
 * client's limit is not sent on its own; logging out drops them.
 */
describe('web client: sends made offline wait for the connection', () => {
  let users: Record<'alice' | 'bob' | 'carol', TestUser>;
  let conversationId: string;
  const channel = uniqueName('offline');

  const scene = webClientSceneOnOwnServer({}, {
    ready: async ({ server }) => {
      ({ users, conversationId } = await trioInChannel(server.url, channel));
    },
  });

  /** Alice in the channel, in a browser of her own whose socket passes through `gate`. */
  async function alice(gate = new SocketGate()): Promise<Person> {
    const tab = await scene.person(scene.server.url, (page) => gate.install(page));
    await logIn(tab.page, users.alice.auth.user.username);
    await openConversation(tab.page, channel);
    return tab;
  }

  const waiting = (page: Page, text: string) => page.locator('#message-list li.message.mine[data-status="waiting"]', { hasText: text });
  /** What the server has, each body as often as it was stored, oldest first. */
  const stored = async () => (await users.bob.api.history(conversationId, { limit: 100 })).messages.map((m) => m.body);
  const unexpected = (tab: Person) => tab.problems.splice(0).filter((p) => !NETWORK_NOISE.test(p));

  it('keeps messages typed offline waiting through a reload, then sends each once, in order', async () => {
    const gate = new SocketGate();
    const tab = await alice(gate);
    await tab.context.setOffline(true);
    await tab.page.locator('#connection-banner').getByText(/Reconnecting/).waitFor();
    await send(tab.page, 'typed offline, first');
    await send(tab.page, 'typed offline, second');
    await waiting(tab.page, 'typed offline, first').waitFor();
    await waiting(tab.page, 'typed offline, second').waitFor();
    expect(await waiting(tab.page, 'typed offline, first').textContent()).toContain('Waiting to send');

    // A reload needs the network for the page itself: the socket stays refused, as if still offline.
    gate.down();
    await tab.context.setOffline(false);
    await tab.page.reload();
    await tab.page.locator('#pane-title', { hasText: channel }).waitFor();
    await waiting(tab.page, 'typed offline, second').waitFor();
    expect((await bodies(tab.page)).slice(-2)).toEqual(['typed offline, first', 'typed offline, second']);
    expect(await waiting(tab.page, 'typed offline, first').count()).toBe(1);

    gate.up();
    await delivered(tab.page, 'typed offline, second').waitFor();
    await delivered(tab.page, 'typed offline, first').waitFor();
    expect((await stored()).filter((b) => b.startsWith('typed offline'))).toEqual(['typed offline, first', 'typed offline, second']);
    expect(await tab.page.evaluate((key) => localStorage.getItem(key), outboxKey(users.alice.auth.user.id))).toBeNull();
    expect(unexpected(tab)).toEqual([]);
    await tab.context.close();
  });

  it('does not store twice a message that reached the server just before the drop', async () => {
    const gate = new SocketGate();
    const tab = await alice(gate);
    gate.loseAnswerTo('stored before the drop');
    await send(tab.page, 'stored before the drop');
    await waiting(tab.page, 'stored before the drop').waitFor();
    expect((await stored()).filter((b) => b === 'stored before the drop')).toHaveLength(1);

    gate.up();
    await delivered(tab.page, 'stored before the drop').waitFor();
    expect(await message(tab.page, 'stored before the drop').count()).toBe(1);
    expect((await stored()).filter((b) => b === 'stored before the drop')).toHaveLength(1);
    expect(unexpected(tab)).toEqual([]);
    await tab.context.close();
  });

  it('shows a message kept longer than a day as not sent, and sends it only on Retry', async () => {
    const tab = await alice();
    const dayOld = new Date(Date.now() - QUEUED_SEND_TTL_MS - 60_000).toISOString();
    const kept = [{ clientMessageId: randomUUID(), conversationId, body: 'typed yesterday', attachments: [], createdAt: dayOld, queuedAt: dayOld, status: 'waiting' }];
    await tab.page.evaluate(([key, value]) => localStorage.setItem(key, value), [outboxKey(users.alice.auth.user.id), JSON.stringify(kept)]);
    await tab.page.reload();
    await tab.page.locator('#pane-title', { hasText: channel }).waitFor();
    const failed = tab.page.locator('#message-list li.message.mine[data-status="failed"]', { hasText: 'typed yesterday' });
    await failed.waitFor();
    expect(await failed.textContent()).toContain('Not sent. It waited too long for the connection.');

    // Connected all along: a message sent after it goes out, and it still has not.
    await send(tab.page, 'typed today');
    await delivered(tab.page, 'typed today').waitFor();
    expect(await stored()).not.toContain('typed yesterday');

    await failed.getByRole('button', { name: 'Retry' }).click();
    await delivered(tab.page, 'typed yesterday').waitFor();
    expect((await stored()).filter((b) => b === 'typed yesterday')).toHaveLength(1);
    expect(unexpected(tab)).toEqual([]);
    await tab.context.close();
  });

  it('shows a kept send that the server already has once, as delivered, and forgets it', async () => {
    const tab = await alice();
    // Stored, but the page never heard so and kept it as failed (as after a lost answer and the tries that followed).
    const clientMessageId = randomUUID();
    await users.alice.api.sendMessage(conversationId, { clientMessageId, body: 'stored, yet kept as failed' });
    const now = new Date().toISOString();
    const kept = [{ clientMessageId, conversationId, body: 'stored, yet kept as failed', attachments: [], createdAt: now, queuedAt: now, status: 'failed', error: 'Could not send' }];
    await tab.page.evaluate(([key, value]) => localStorage.setItem(key, value), [outboxKey(users.alice.auth.user.id), JSON.stringify(kept)]);
    await tab.page.reload();
    await tab.page.locator('#pane-title', { hasText: channel }).waitFor();
    await delivered(tab.page, 'stored, yet kept as failed').waitFor();
    expect(await message(tab.page, 'stored, yet kept as failed').count()).toBe(1);
    expect(await tab.page.evaluate((key) => localStorage.getItem(key), outboxKey(users.alice.auth.user.id))).toBeNull();
    expect(unexpected(tab)).toEqual([]);
    await tab.context.close();
  });

  it('drops the waiting messages when Alice logs out, so they are never sent', async () => {
    const gate = new SocketGate();
    const tab = await alice(gate);
    gate.down();
    await tab.page.route('**/v1/conversations/*/messages', (route) => (route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.fallback()));
    await send(tab.page, 'never to be sent');
    await waiting(tab.page, 'never to be sent').waitFor();

    await tab.page.click('#logout-button');
    await tab.page.locator('#login-username').waitFor();
    expect(await tab.page.evaluate((key) => localStorage.getItem(key), outboxKey(users.alice.auth.user.id))).toBeNull();

    gate.up();
    await tab.page.unroute('**/v1/conversations/*/messages');
    await logIn(tab.page, users.alice.auth.user.username);
    await openConversation(tab.page, channel);
    await send(tab.page, 'after logging in again');
    await delivered(tab.page, 'after logging in again').waitFor();
    expect(await message(tab.page, 'never to be sent').count()).toBe(0);
    expect(await stored()).not.toContain('never to be sent');
    expect(unexpected(tab)).toEqual([]);
    await tab.context.close();
  });
});

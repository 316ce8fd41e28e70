import type { Page, WebSocketRoute } from 'playwright-core';
import { eventually, uniqueName, type TestUser } from '@chat/testing';
import { anotherTab, delivered, logIn, NETWORK_NOISE, openConversation, type Person, trioInChannel, UI_TIMEOUT_MS, webClientSceneOnOwnServer } from './web-client-harness';

/** The conversations this tab's storage keeps a draft for (the client's `chat.drafts.v1`, apps/web draft-store.ts). */
const draftsKept = (page: Page): Promise<string[]> =>
  page.evaluate(() => Object.keys((JSON.parse(sessionStorage.getItem('chat.drafts.v1') ?? 'null') as { drafts: object } | null)?.drafts ?? {}));

/** The conversations this browser keeps unsent messages of for `userId` (the client's `chat.outbox.v1.<userId>`, apps/web outbox-store.ts). */
const sendsKept = (page: Page, userId: string): Promise<string[]> =>
  page.evaluate((key) => (JSON.parse(localStorage.getItem(key) ?? '[]') as { conversationId: string }[]).map((s) => s.conversationId), `chat.outbox.v1.${userId}`);

/** Stands between a page's socket and the server: while held, the `member.left` frames wait (the others pass) until released, in order. */
class HeldMemberLeftFrames {
  private held: (() => void)[] | null = null;

  install(page: Page): Promise<void> {
    return page.routeWebSocket(/\/socket\.io\//, (ws) => this.route(ws));
  }

  hold(): void {
    this.held = [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const deliver of held) deliver();
  }

  private route(ws: WebSocketRoute): void {
    const server = ws.connectToServer();
    /** Socket.IO frames: an event from the server is `42["member.left",{…}]`. */
    server.onMessage((frame) => {
      if (this.held && String(frame).startsWith('42["member.left"')) this.held.push(() => ws.send(frame));
      else ws.send(frame);
    });
  }
}

/**
 * What is being typed survives a login that ends under the user (the page reloads to the login
 * screen): the same person logging in again in that tab finds it in the box; anyone else does not,
 * and it is gone for good then. Who the draft mentions (members picked with "@") stays with it,
 * across a reload and a switch to another conversation.
 */
describe('web client: drafts, and who they mention, outlive the end of a login and a reload', () => {
  let users: Record<'alice' | 'bob' | 'carol', TestUser>;
  let tab: Person;
  let conversationId: string;
  const channel = uniqueName('drafts');
  /** Another channel Alice is in, to switch to. */
  const elsewhere = uniqueName('elsewhere');

  const scene = webClientSceneOnOwnServer({}, {
    ready: async ({ person, server }) => {
      ({ users, conversationId } = await trioInChannel(server.url, channel));
      const bobs = (await users.bob.api.createConversation({ type: 'channel', name: elsewhere, visibility: 'public' })).conversation;
      await users.alice.api.join(bobs.id);
      tab = await person(server.url);
    },
  });

  /** The user's login in the browser is revoked from another device; the page hears it (its socket is closed) and reloads to the login screen. */
  async function revokeBrowserLogin(user: TestUser): Promise<void> {
    const { sessions } = await user.api.sessions();
    for (const session of sessions.filter((s) => !s.current)) await user.api.revokeSession(session.id);
    await tab.page.locator('#login-username').waitFor();
  }

  const box = () => tab.page.locator('#composer-input');
  /** Drops the console lines a case expects (refused requests, the network going away) from `person`'s problems: the scene fails the test on the rest. */
  const dropExpectedProblems = (person: Person, noise: RegExp) => person.problems.splice(0, person.problems.length, ...person.problems.filter((p) => !noise.test(p)));
  /** Alice types `before`, "@bo" and picks Bob from the list, then types `after`: the box reads `before@Bob's name after`. */
  async function draftMentioningBob(page: Page, before: string, after: string): Promise<string> {
    const bobName = users.bob.auth.user.displayName;
    const box = page.locator('#composer-input');
    await box.pressSequentially(`${before}@bo`);
    await page.getByRole('listbox', { name: 'Members to mention' }).getByRole('option').filter({ hasText: bobName }).click();
    await box.pressSequentially(after);
    const text = `${before}@${bobName} ${after}`;
    expect(await box.inputValue()).toBe(text);
    return text;
  }
  /** Alice sends what is in the box; what the server stored mentions (by `after`, the draft's unique end). */
  async function sendAndStoredMentions(after: string): Promise<(string[] | undefined)[]> {
    await box().press('Enter');
    await delivered(tab.page, after).waitFor();
    const { messages } = await users.alice.api.history(conversationId);
    return messages.filter((m) => m.body.endsWith(after)).map((m) => m.mentions);
  }

  it('gives Alice her unsent text back after her login was revoked and she logged in again', async () => {
    await logIn(tab.page, users.alice.auth.user.username);
    await openConversation(tab.page, channel);
    await box().fill('Half a thought, not sent yet');
    await revokeBrowserLogin(users.alice);

    await logIn(tab.page, users.alice.auth.user.username);
    await openConversation(tab.page, channel);
    expect(await box().inputValue()).toBe('Half a thought, not sent yet');
    dropExpectedProblems(tab, /status of 401/); // the revoked login's requests
  });

  it('does not show it to Bob logging in on that tab, and drops it for good', async () => {
    await revokeBrowserLogin(users.alice);
    await logIn(tab.page, users.bob.auth.user.username);
    await openConversation(tab.page, channel);
    expect(await box().inputValue()).toBe('');
    await tab.page.click('#logout-button');
    await tab.page.locator('#login-username').waitFor();

    await logIn(tab.page, users.alice.auth.user.username);
    await openConversation(tab.page, channel);
    expect(await box().inputValue()).toBe('');
    dropExpectedProblems(tab, /status of 401/);
  });

  it('drops the draft when Alice logs out on purpose', async () => {
    await box().fill('Nobody should see this after I log out');
    await tab.page.click('#logout-button');
    await tab.page.locator('#login-username').waitFor();
    await logIn(tab.page, users.alice.auth.user.username);
    await openConversation(tab.page, channel);
    expect(await box().inputValue()).toBe('');
  });

  it('keeps who Alice picked with "@" in her draft across a reload: the restored draft’s send mentions Bob', async () => {
    const text = await draftMentioningBob(tab.page, 'Lunch, ', 'at noon?');
    await tab.page.reload();
    await openConversation(tab.page, channel);
    expect(await box().inputValue()).toBe(text);
    expect(await sendAndStoredMentions('at noon?')).toEqual([[users.bob.id]]);
  });

  it('keeps who Alice picked with "@" in her draft while she looks at another conversation and comes back', async () => {
    const text = await draftMentioningBob(tab.page, 'Coffee, ', 'at three?');
    await openConversation(tab.page, elsewhere);
    expect(await box().inputValue()).toBe('');
    await openConversation(tab.page, channel);
    expect(await box().inputValue()).toBe(text);
    expect(await sendAndStoredMentions('at three?')).toEqual([[users.bob.id]]);
  });

  /**
   * Every way of losing a conversation takes its draft, text and picks, for good: added back by its
   * owner, Alice finds the box empty, and this tab's storage no longer names the conversation.
   * Leaving here reaches the page twice, as the request's reply and as the `member.left` frame, in
   * whichever order the network picks: each order is forced once, and the first alone must drop the
   * draft. Each case has a group of its own.
   */
  describe('a conversation Alice is no longer in takes its draft with it', () => {
    const frames = new HeldMemberLeftFrames();
    let alice: Person;
    let group: { id: string; name: string };
    const pane = (selector: string) => alice.page.locator(selector);
    const toast = (text: string) => alice.page.locator('#toasts', { hasText: `${text} “${group.name}”` }).waitFor();

    beforeAll(async () => {
      alice = await scene.person(scene.server.url, (page) => frames.install(page));
      await logIn(alice.page, users.alice.auth.user.username);
    });

    /** Bob makes a group with Alice; she opens it and starts a message to Bob, picked with "@": this tab keeps it as the group's draft. */
    beforeEach(async () => {
      const name = uniqueName('lost');
      group = { id: (await users.bob.api.createConversation({ type: 'group', name, memberIds: [users.alice.id] })).conversation.id, name };
      await openConversation(alice.page, name);
      await draftMentioningBob(alice.page, 'Before I go, ', 'one last thing');
      expect(await draftsKept(alice.page)).toContain(group.id);
    });

    // A case that failed while holding frames must not hold the next case's.
    afterEach(() => frames.release());

    /** The group is gone from Alice's page and from its storage; Bob adds her back and she opens it: nothing she typed is there. */
    async function expectDraftGoneForGood(): Promise<void> {
      await pane('#pane-empty').waitFor();
      expect(await draftsKept(alice.page)).not.toContain(group.id);
      await users.bob.api.invite(group.id, users.alice.id);
      await openConversation(alice.page, group.name);
      expect(await pane('#composer-input').inputValue()).toBe('');
      expect(await draftsKept(alice.page)).not.toContain(group.id);
    }

    it('when she leaves it here and the reply reaches the page before the member.left frame', async () => {
      frames.hold();
      await alice.page.click('#leave-button');
      await toast('You left');
      expect(await draftsKept(alice.page)).not.toContain(group.id); // the reply alone: the frame may never come
      frames.release();
      await expectDraftGoneForGood();
    });

    it('when she leaves it here and the member.left frame reaches the page before the reply', async () => {
      let releaseReply!: () => void;
      const replyHeld = new Promise<void>((resolve) => (releaseReply = resolve));
      await alice.page.route(
        `**/v1/conversations/${group.id}/leave`,
        async (route) => {
          const response = await route.fetch();
          await replyHeld;
          await route.fulfill({ response });
        },
        { times: 1 },
      );
      const replied = alice.page.waitForEvent('requestfinished', (request) => request.url().endsWith(`/${group.id}/leave`));
      await alice.page.click('#leave-button');
      await toast('You are no longer a member of');
      expect(await draftsKept(alice.page)).not.toContain(group.id); // the frame alone
      releaseReply();
      await replied;
      await expectDraftGoneForGood();
    });

    it('when she leaves it in another tab', async () => {
      const otherTab = await anotherTab(alice, scene.server.url);
      await openConversation(otherTab, group.name);
      await otherTab.click('#leave-button');
      await toast('You are no longer a member of');
      await otherTab.close();
      await expectDraftGoneForGood();
    });

    it('when its owner removes her', async () => {
      await users.bob.api.kick(group.id, users.alice.id);
      await toast('You were removed from');
      await expectDraftGoneForGood();
    });

    it('when its owner removes her while her tab is on another page, as soon as she is back', async () => {
      await alice.page.goto('about:blank');
      await users.bob.api.kick(group.id, users.alice.id);
      await alice.page.goto(scene.server.url);
      await eventually(async () => expect(await draftsKept(alice.page)).not.toContain(group.id), { timeoutMs: UI_TIMEOUT_MS, intervalMs: 100 });
      await expectDraftGoneForGood();
      // Missing from her list, the group is asked about before its draft goes: the server's 404 is what says she is out.
      dropExpectedProblems(alice, /status of 404/);
    });

    it('when its owner removes her unheard, and the server refuses it as she opens it: with the message that could not go', async () => {
      frames.hold(); // the removal's frame is lost on its way
      await users.bob.api.kick(group.id, users.alice.id);
      await pane('#composer-input').press('Enter'); // the draft goes out, and is refused: it stays, failed, with Retry
      await pane('#message-list li.message.mine[data-status="failed"]').waitFor();
      await pane('#composer-input').fill('And a draft after it');
      await openConversation(alice.page, elsewhere);
      expect(await draftsKept(alice.page)).toContain(group.id);
      expect(await sendsKept(alice.page, users.alice.id)).toContain(group.id);

      await alice.page.locator('#conversation-list button', { hasText: group.name }).click();
      await toast('You are no longer a member of'); // 404 CONVERSATION_NOT_FOUND: a group hides itself from outsiders
      expect(await draftsKept(alice.page)).not.toContain(group.id);
      expect(await sendsKept(alice.page, users.alice.id)).not.toContain(group.id);
      expect(await alice.page.locator('#conversation-list button', { hasText: group.name }).count()).toBe(0);
      frames.release();
      await expectDraftGoneForGood();
      // Dropped last: opening a conversation she was removed from makes more than one request, and the later 404s may land after the notice.
      dropExpectedProblems(alice, /status of 404/);
    });

    it('when its owner removes her while her socket is down: once it is back, the pane closes with the notice', async () => {
      await alice.context.setOffline(true);
      await pane('#connection-banner').getByText(/Reconnecting/).waitFor();
      await users.bob.api.kick(group.id, users.alice.id);
      await alice.context.setOffline(false);
      await toast('You are no longer a member of'); // the catch-up after the reconnect: the list no longer has it
      await pane('#pane-empty').waitFor();
      expect(await draftsKept(alice.page)).not.toContain(group.id);
      // The list missing it, the group is asked about: the server's 404 is what says she is out.
      dropExpectedProblems(alice, new RegExp(`${NETWORK_NOISE.source}|status of 404`));
      await expectDraftGoneForGood();
    });
  });
});

import { connect, signUp, uniqueName, type TestUser } from '@chat/testing';
import { delivered, logIn, message, openConversation, type Person, trioInChannel, webClientSceneOnOwnServer } from './web-client-harness';

/** Typing indicators in the browser client: what the others see while someone types, and what the typist sends. */
describe('web client: typing indicators', () => {
  let users: Record<'alice' | 'bob' | 'carol', TestUser>;
  let alice: Person;
  let bob: Person;
  let conversationId: string;
  /** Bob's `typing` events as sent over his socket (Socket.IO text frames). */
  const bobSent: { isTyping: boolean }[] = [];
  const channel = uniqueName('typing');

  const scene = webClientSceneOnOwnServer({}, {
    ready: async ({ person, server }) => {
      ({ users, conversationId } = await trioInChannel(server.url, channel));
      [alice, bob] = await Promise.all([
        person(server.url),
        person(server.url, async (page) => {
          page.on('websocket', (ws) =>
            ws.on('framesent', ({ payload }) => {
              const frame = /^\d+\["typing",(.*)\]$/.exec(String(payload));
              if (frame) bobSent.push(JSON.parse(frame[1]!) as { isTyping: boolean });
            }),
          );
        }),
      ]);
      await logIn(alice.page, users.alice.auth.user.username);
      await logIn(bob.page, users.bob.auth.user.username);
      await openConversation(alice.page, channel);
      await openConversation(bob.page, channel);
    },
  });

  const indicator = (person: Person) => person.page.locator('#typing-indicator');

  it('shows "Bob is typing…" on Alice’s page while he types (never on his own), and clears it when he sends or empties the box', async () => {
    const bobName = users.bob.auth.user.displayName;
    await bob.page.click('#composer-input');
    await bob.page.keyboard.type('Hello there, how are you', { delay: 20 });
    await indicator(alice).filter({ hasText: `${bobName} is typing…` }).waitFor();
    expect(await indicator(alice).getAttribute('role')).toBe('status');
    expect(await indicator(bob).textContent()).toBe('');
    await alice.page.screenshot({ path: '/tmp/web-client-typing.png' });
    // Two dozen keystrokes in well under the resend interval: one "typing" event, not one per key.
    expect(bobSent.filter((e) => e.isTyping).length).toBeLessThanOrEqual(2);

    await bob.page.press('#composer-input', 'Enter');
    await delivered(bob.page, 'Hello there, how are you').waitFor();
    await message(alice.page, 'Hello there, how are you').waitFor();
    await indicator(alice).filter({ hasText: /^$/ }).waitFor();
    expect(bobSent.at(-1)).toEqual(expect.objectContaining({ isTyping: false }));

    // Typing again, then emptying the box: the indicator goes at once, not after the server's expiry.
    await bob.page.keyboard.type('Actually', { delay: 20 });
    await indicator(alice).filter({ hasText: 'is typing…' }).waitFor();
    await bob.page.fill('#composer-input', '');
    await indicator(alice).filter({ hasText: /^$/ }).waitFor();
  });

  it('names two typists together, and counts more than two as several people', async () => {
    // Dave joins first: set up at the end, on a loaded box, Carol's typing would lapse (TYPING_TTL_SECONDS) before his began.
    const dave = await signUp(scene.server.url, 'dave');
    await dave.api.join(conversationId);
    const [carol, daveSocket] = await Promise.all([connect(scene.server.url, users.carol.auth.accessToken), connect(scene.server.url, dave.auth.accessToken)]);
    try {
      await bob.page.keyboard.type('One moment', { delay: 20 });
      await carol.request('typing', { conversationId, isTyping: true });
      await indicator(alice).filter({ hasText: /^.+ and .+ are typing…$/ }).waitFor();
      const text = (await indicator(alice).textContent())!;
      expect(text).toContain(users.bob.auth.user.displayName);
      expect(text).toContain(users.carol.auth.user.displayName);

      // Alice types too: she is never in her own indicator, so it stays at two names on her page.
      await alice.page.click('#composer-input');
      await alice.page.keyboard.type('Me too', { delay: 20 });
      await indicator(bob).filter({ hasText: /^.+ and .+ are typing…$/ }).waitFor();
      await Promise.all([carol.request('typing', { conversationId, isTyping: true }), daveSocket.request('typing', { conversationId, isTyping: true })]);
      await indicator(bob).filter({ hasText: 'Several people are typing…' }).waitFor();
    } finally {
      carol.close();
      daveSocket.close();
    }
  });
});

import { RealtimeClient } from '@chat/sdk';
import { uniqueName, type TestUser } from '@chat/testing';
import { delivered, logIn, openConversation, send, type Person, trioInChannel, webClientSceneOnOwnServer } from './web-client-harness';

/**
 * Delivery receipts in the browser client (seed 001 FR-012/UI-005, seed 004 R8.6): my message shows
 * ✓ once stored, ✓✓ once it reached every other member's device, and ✓✓ in the read style once
 * every other member read it, each state named in words for screen readers and in the tooltip.
 */
describe('web client: delivery receipts', () => {
  let users: Record<'alice' | 'bob' | 'carol', TestUser>;
  let alice: Person;
  let bob: Person;
  let carolsPhone: RealtimeClient;
  let conversationId: string;
  const channel = uniqueName('delivery');

  // Before the scene's afterAll, which closes the server.
  afterAll(() => carolsPhone?.close());
  const scene = webClientSceneOnOwnServer({ DELIVERY_RECEIPTS_FLUSH_MS: '50' }, {
    ready: async ({ person, server }) => {
      ({ users, conversationId } = await trioInChannel(server.url, channel));
      alice = await person(server.url);
      await logIn(alice.page, users.alice.auth.user.username);
    },
  });

  const statusOf = (text: string) => delivered(alice.page, text).locator('.status');
  const ticksOf = (text: string) => statusOf(text).locator('.ticks').textContent();

  it('turns ✓ sent into ✓ delivered to some, ✓✓ delivered to all, and ✓✓ read by all, as the others’ devices get it and they read it', async () => {
    await openConversation(alice.page, channel);
    await send(alice.page, 'Anyone there?');
    const status = statusOf('Anyone there?');
    // Nobody else is connected: stored, on no one's device.
    await status.filter({ hasText: 'Sent' }).waitFor();
    expect(await status.getAttribute('title')).toBe('Sent');
    expect(await ticksOf('Anyone there?')).toBe('✓');

    // Bob's browser comes online: the message reaches it with his conversation list.
    bob = await scene.person(scene.server.url);
    await logIn(bob.page, users.bob.auth.user.username);
    await status.filter({ hasText: 'Delivered to 1 of 2' }).waitFor();
    expect(await status.getAttribute('title')).toBe('Delivered to 1 of 2');
    expect(await ticksOf('Anyone there?')).toBe('✓');

    // Carol's phone (an SDK client that acknowledges by itself) catches up: now on every device.
    carolsPhone = new RealtimeClient({ url: scene.server.url, token: users.carol.auth.accessToken, deliveryAcks: { intervalMs: 200 }, socket: { reconnection: false } });
    await carolsPhone.connected();
    await carolsPhone.request('conversation.join', { conversationId });
    await carolsPhone.request('sync', { conversationId, afterSeq: 0 });
    await status.filter({ hasText: 'Delivered to all' }).waitFor();
    expect(await ticksOf('Anyone there?')).toBe('✓✓');
    expect(await status.getAttribute('class')).not.toContain('status-seen');

    // Bob opens the conversation and reads it; Carol reads on her phone: read by all, in the read style.
    await openConversation(bob.page, channel);
    await status.filter({ hasText: 'Seen by 1' }).waitFor();
    expect(await status.getAttribute('class')).not.toContain('status-read');
    const { messages } = await users.carol.api.history(conversationId);
    await users.carol.api.markRead(conversationId, messages[messages.length - 1]!.seq);
    await status.filter({ hasText: 'Read by all' }).waitFor();
    expect(await status.getAttribute('class')).toContain('status-read');
    expect(await ticksOf('Anyone there?')).toBe('✓✓');
  });

  it('shows ✓✓ delivered live when a new message reaches both others’ devices without them reading it', async () => {
    // Bob moves to another conversation, so the new message reaches his browser without being read.
    const { conversation: elsewhere } = await users.bob.api.createConversation({ type: 'group', memberIds: [users.carol.id] });
    await bob.page.locator(`#conversation-list button[data-conversation-id="${elsewhere.id}"]`).click();
    await bob.page.locator('#messages-loading').waitFor({ state: 'hidden' });

    await send(alice.page, 'Reached you both?');
    const status = statusOf('Reached you both?');
    await status.filter({ hasText: 'Delivered to all' }).waitFor();
    expect(await ticksOf('Reached you both?')).toBe('✓✓');
    expect(await status.textContent()).not.toContain('Seen');

    // After a reload the marks come from the stored pointers.
    await alice.page.reload();
    await openConversation(alice.page, channel);
    await statusOf('Reached you both?').filter({ hasText: 'Delivered to all' }).waitFor();
    await statusOf('Anyone there?').filter({ hasText: 'Read by all' }).waitFor();
  });
});

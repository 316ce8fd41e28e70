import { randomUUID } from 'node:crypto';
import { uniqueName, type TestUser } from '@chat/testing';
import { delivered, logIn, openConversation, type Person, send, trioInChannel, webClientSceneOnOwnServer } from './web-client-harness';

/** Read receipts in the browser client: my messages turn from delivered to seen as the others read them. */
describe('web client: read receipts', () => {
  let users: Record<'alice' | 'bob' | 'carol', TestUser>;
  let alice: Person;
  let bob: Person;
  let conversationId: string;
  const channel = uniqueName('receipts');

  webClientSceneOnOwnServer({}, {
    ready: async ({ person, server }) => {
      ({ users, conversationId } = await trioInChannel(server.url, channel));
      [alice, bob] = await Promise.all([person(server.url), person(server.url)]);
      await logIn(alice.page, users.alice.auth.user.username);
      await logIn(bob.page, users.bob.auth.user.username);
    },
  });

  it('shows my message as seen by Bob once he opens the conversation, and as seen by everyone when Carol reads it too', async () => {
    await openConversation(alice.page, channel);
    await send(alice.page, 'Did you read this?');
    const status = delivered(alice.page, 'Did you read this?').locator('.status');
    await status.filter({ hasText: 'Delivered' }).waitFor();
    expect(await status.textContent()).not.toContain('Seen');

    // Bob opens it: Alice's page says seen by one, naming him, without a reload.
    await openConversation(bob.page, channel);
    const seenByBob = status.filter({ hasText: 'Seen by 1' });
    await seenByBob.waitFor();
    expect(await seenByBob.getAttribute('title')).toBe(`Seen by ${users.bob.auth.user.displayName}`);
    expect(await status.locator('[aria-hidden="true"]').first().textContent()).toBe('✓✓');

    // Carol reads on another client: now everyone else has.
    const { messages } = await users.carol.api.history(conversationId);
    await users.carol.api.markRead(conversationId, messages[messages.length - 1]!.seq);
    await status.filter({ hasText: /^✓✓Seen(?! by)/ }).waitFor();
    // The title reads "Seen by <names>", in the order the reads arrived.
    expect((await status.getAttribute('title'))?.replace(/^Seen by /, '').split(', ').sort()).toEqual([users.bob.auth.user.displayName, users.carol.auth.user.displayName].sort());

    // After a reload the marks come from the stored read pointers.
    await alice.page.reload();
    await openConversation(alice.page, channel);
    await delivered(alice.page, 'Did you read this?').locator('.status-seen', { hasText: /^✓✓Seen(?! by)/ }).waitFor();
  });

  it('clears Bob’s unread badge when he reads the conversation on another device', async () => {
    const { conversation } = await users.alice.api.createConversation({ type: 'direct', memberIds: [users.bob.id] });
    const badge = bob.page.locator(`#conversation-list button[data-conversation-id="${conversation.id}"] .badge`);
    await bob.page.locator(`#conversation-list button[data-conversation-id="${conversation.id}"]`).waitFor();
    const { message } = await users.alice.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'Are you there?' });
    await badge.filter({ hasText: '1' }).waitFor();

    await users.bob.api.markRead(conversation.id, message.seq);
    await badge.waitFor({ state: 'detached' });
  });
});

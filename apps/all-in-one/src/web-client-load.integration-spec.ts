import { randomUUID } from 'node:crypto';
import { LoadMonitor } from '@chat/platform';
import { eventually, sleep, uniqueName, whileLocked, type TestUser } from '@chat/testing';
import { logIn, openConversation, type Person, trioInChannel, webClientSceneOnOwnServer } from './web-client-harness';

/** Seed 003 R14.5: a busy server tells the people using it what it has paused, and when it is back. */
describe('web client: a busy server says what it pauses', () => {
  let users: Record<'alice' | 'bob' | 'carol', TestUser>;
  let conversationId: string;
  /** Where bob's messages that hold the events back go: alice, not in it, reads none of them while the server sheds. */
  let sideConversationId: string;
  let alice: Person;
  const channel = uniqueName('busy');

  const scene = webClientSceneOnOwnServer({ LOAD_SAMPLE_MS: '50', LOAD_SHED_EVENT_LAG_MS: '300', LOAD_RECOVERY_MS: '1000' }, {
    ready: async ({ person, server }) => {
      ({ users, conversationId } = await trioInChannel(server.url, channel));
      sideConversationId = (await users.bob.api.createConversation({ type: 'group', name: uniqueName('side'), memberIds: [users.carol.id] })).conversation.id;
      alice = await person(server.url);
      await logIn(alice.page, users.alice.auth.user.username);
      await openConversation(alice.page, channel);
    },
  });

  it('shows the banner while typing, reactions and receipts are paused, and takes it away after', async () => {
    const banner = alice.page.locator('#connection-banner');
    // The audit consumer records every sent message; a lock on its table holds events back, so the server sheds.
    await whileLocked(scene.server.databaseUrl, 'LOCK TABLE audit_log IN EXCLUSIVE MODE', [], async () => {
      await users.bob.api.sendMessage(sideConversationId, { body: 'held up on its way to the consumers', clientMessageId: randomUUID() });
      await banner.filter({ hasText: 'The service is busy: typing indicators, reactions and read receipts are paused for now.' }).waitFor();
      expect(await banner.getAttribute('data-tone')).toBe('warning');
      expect(await alice.page.locator('#reconnect-button').isHidden()).toBe(true);
    });
    await eventually(() => expect(scene.server.app.get(LoadMonitor).current.level).toBe('normal'));
    await banner.waitFor({ state: 'hidden' });
    await alice.page.locator('#announcer', { hasText: 'The service is back to normal.' }).waitFor({ state: 'attached' });
  });

  it('holds read receipts while they are paused, and sends the last one once they are back', async () => {
    const banner = alice.page.locator('#connection-banner');
    const readsSent: number[] = [];
    alice.page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith(`/v1/conversations/${conversationId}/read`)) readsSent.push((request.postDataJSON() as { seq: number }).seq);
    });
    const body = 'seen while receipts are paused';
    const seen = await whileLocked(scene.server.databaseUrl, 'LOCK TABLE audit_log IN EXCLUSIVE MODE', [], async () => {
      await users.bob.api.sendMessage(sideConversationId, { body: 'holds the events back', clientMessageId: randomUUID() });
      await banner.filter({ hasText: 'receipts' }).waitFor();
      const { message } = await users.bob.api.sendMessage(conversationId, { body, clientMessageId: randomUUID() });
      await alice.page.locator('.message', { hasText: body }).waitFor();
      // The pane reports a read as soon as the message shows: a second is long enough to see one go.
      await sleep(1_000);
      expect(readsSent).toEqual([]);
      return message;
    });
    await banner.waitFor({ state: 'hidden' });
    await eventually(() => expect(readsSent).toEqual([seen.seq]));
    await eventually(async () => expect((await users.bob.api.readPointers(conversationId)).reads.find((p) => p.userId === users.alice.id)).toMatchObject({ lastReadSeq: seen.seq }));
  });
});

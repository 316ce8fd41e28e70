import { randomUUID } from 'node:crypto';
import type { SyncChange } from '@chat/contracts';
import { ChatApiError } from '@chat/sdk';
import { connect, eventually, record, signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/** Pinned messages: PUT/DELETE/GET /v1/conversations/:id/pins, `pin.updated` frames and sync, PINNED_MESSAGES_MAX. */
describe('message pins', () => {
  const PINS_MAX = 2;
  let server: TestApp;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    server = await startTestApp(allInOne, { PINNED_MESSAGES_MAX: String(PINS_MAX) });
    [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
  });
  afterAll(() => server.close());

  const send = (user: TestUser, conversationId: string, body: string) => user.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body }).then((r) => r.message);
  const refusal = (call: Promise<unknown>) => call.then(() => null, (e: unknown) => e as ChatApiError);
  const group = async () => (await alice.api.createConversation({ type: 'group', name: `pins-${randomUUID()}`, memberIds: [bob.id] })).conversation.id;

  it('pins a message for every member, live and in sync, the latest first, as the message is now; pinning again and unpinning twice change nothing more', async () => {
    const conversationId = await group();
    const bobDevice = await connect(server.url, bob.auth.accessToken);
    await bobDevice.request('conversation.join', { conversationId });
    const frames = record(bobDevice, 'pin.updated');
    const since = (await bob.api.sync()).cursor;
    const first = await send(alice, conversationId, 'the plan');
    const second = await send(bob, conversationId, 'the date');

    const pinned = (await bob.api.pin(conversationId, first.id)).pin;
    expect(pinned).toMatchObject({ message: { id: first.id, body: 'the plan' }, pinnedBy: bob.id });
    expect((await alice.api.pin(conversationId, first.id)).pin).toEqual(pinned); // as it was: by Bob
    await alice.api.pin(conversationId, second.id);
    await alice.api.editMessage(conversationId, first.id, 'the plan, edited');
    const { pins } = await bob.api.pins(conversationId);
    expect(pins.map((p) => [p.message.id, p.message.body, p.pinnedBy])).toEqual([
      [second.id, 'the date', alice.id],
      [first.id, 'the plan, edited', bob.id],
    ]);

    await alice.api.unpin(conversationId, first.id);
    await alice.api.unpin(conversationId, first.id);
    expect((await alice.api.pins(conversationId)).pins.map((p) => p.message.id)).toEqual([second.id]);
    const expected = [
      { conversationId, messageId: first.id, seq: first.seq, pinned: true, userId: bob.id },
      { conversationId, messageId: second.id, seq: second.seq, pinned: true, userId: alice.id },
      { conversationId, messageId: first.id, seq: first.seq, pinned: false, userId: alice.id },
    ];
    await eventually(() => expect(frames.frames.map(({ traceId: _, ...f }) => f)).toEqual(expected));
    await eventually(async () => {
      const changes = (await bob.api.sync({ since })).changes.filter((c: SyncChange) => c.type === 'pin.updated');
      expect(changes).toEqual(expected.map((f) => ({ type: 'pin.updated', ...f })));
    });
    bobDevice.close();
  });

  it('refuses a pin past PINNED_MESSAGES_MAX (409 PINS_FULL), a deleted or unknown message, a non-member, and a channel member who is not an admin', async () => {
    const conversationId = await group();
    const messages = await Promise.all([1, 2, 3].map((i) => send(alice, conversationId, `m${i}`)));
    // Two at once for the last place: one of them gets it.
    await bob.api.pin(conversationId, messages[0].id);
    const raced = await Promise.all([alice.api.pin(conversationId, messages[1].id), bob.api.pin(conversationId, messages[2].id)].map(refusal));
    expect(raced.filter((e) => e === null)).toHaveLength(1);
    expect(raced.find((e) => e !== null)).toMatchObject({ status: 409, code: 'PINS_FULL' });
    expect((await alice.api.pins(conversationId)).pins).toHaveLength(PINS_MAX);

    // Deleting a pinned message unpins it; a deleted one cannot be pinned.
    await alice.api.deleteMessage(conversationId, messages[0].id);
    expect((await alice.api.pins(conversationId)).pins.map((p) => p.message.id)).not.toContain(messages[0].id);
    expect(await refusal(alice.api.pin(conversationId, messages[0].id))).toMatchObject({ status: 409, code: 'MESSAGE_DELETED' });
    expect(await refusal(alice.api.pin(conversationId, randomUUID()))).toMatchObject({ status: 404, code: 'MESSAGE_NOT_FOUND' });

    const stranger = await signUp(server.url, 'stranger');
    // Someone outside learns what a history read would tell them, nothing more.
    const outside = await refusal(stranger.api.history(conversationId));
    expect(outside).toBeInstanceOf(ChatApiError);
    // Each call's refusal is taken as it is made: a rejection left unhandled while another is awaited fails the spec.
    const refusals = await Promise.all([stranger.api.pin(conversationId, messages[1].id), stranger.api.unpin(conversationId, messages[1].id), stranger.api.pins(conversationId)].map(refusal));
    for (const refused of refusals) expect(refused).toMatchObject({ status: outside!.status, code: outside!.code });

    const channelId = (await alice.api.createConversation({ type: 'channel', name: `pins-${randomUUID()}` })).conversation.id;
    await bob.api.join(channelId);
    const announcement = await send(alice, channelId, 'announcement');
    expect(await refusal(bob.api.pin(channelId, announcement.id))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    await alice.api.pin(channelId, announcement.id);
    expect(await refusal(bob.api.unpin(channelId, announcement.id))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect((await bob.api.pins(channelId)).pins.map((p) => p.message.id)).toEqual([announcement.id]);
  });
});

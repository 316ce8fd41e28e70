import { ReadModelRebuild } from '@chat/conversations';
import type { Conversation } from '@chat/contracts';
import { E2ee } from '@chat/sdk';
import { eventually, signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/**
 * GET /v1/conversations lists the most recently active first: the last message's time, else the
 * conversation's creation. Changes to the conversation itself (a new E2EE key, envelopes for a
 * new device, a new name) change its `updatedAt` but are nothing new to read, so they leave the
 * order alone; a new message moves the conversation up.
 */
describe('conversation list order', () => {
  let server: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let keys: Record<'alice' | 'bob', E2ee>;

  beforeAll(async () => {
    server = await startTestApp(allInOne);
    [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
    const [a, b] = await Promise.all([E2ee.setUp(alice.api, alice.id, 'alice-phone'), E2ee.setUp(bob.api, bob.id, 'bob-phone')]);
    keys = { alice: a, bob: b };
  });
  afterAll(async () => {
    await server?.close();
  });

  const listed = async (user: TestUser, ids: readonly string[]) => (await user.api.listConversations()).conversations.filter((c) => ids.includes(c.id));
  const orderOf = async (user: TestUser, ids: readonly string[]) => (await listed(user, ids)).map((c) => c.id);

  it('keeps the order through key rotations, a key top-up and a rename; a new message moves a conversation up', async () => {
    const quiet = await keys.alice.createConversation({ type: 'group', name: 'quiet', memberIds: [bob.id] }); // no message ever
    const older = await keys.alice.createConversation({ type: 'group', name: 'older', memberIds: [bob.id] });
    await keys.alice.send(older.id, 'first');
    const newer = await keys.alice.createConversation({ type: 'group', name: 'newer', memberIds: [bob.id] });
    await keys.bob.send(newer.id, 'second');
    const ids = [quiet.id, older.id, newer.id];
    expect(await orderOf(bob, ids)).toEqual([newer.id, older.id, quiet.id]);
    const before = Object.fromEntries((await listed(bob, ids)).map((c) => [c.id, c]));

    expect(await keys.alice.rotate(older.id)).toBe(2);
    expect(await keys.alice.rotate(quiet.id)).toBe(2);
    await E2ee.setUp(bob.api, bob.id, 'bob-laptop');
    await keys.bob.shareWithNewDevices(older.id); // the current version, for the new device: no rotation
    await alice.api.updateConversation(older.id, { name: 'older renamed' });
    // Projected (the key versions and the name are listed), and `updatedAt` still says the conversation changed.
    const changed = await eventually(async () => {
      const now = Object.fromEntries((await listed(bob, ids)).map((c) => [c.id, c]));
      expect(now[older.id]).toMatchObject({ name: 'older renamed', e2ee: { keyVersion: 2, rotationRequired: false } });
      expect(now[quiet.id]).toMatchObject({ e2ee: { keyVersion: 2, rotationRequired: false } });
      return now;
    });
    const later = (c: Conversation) => Date.parse(c.updatedAt) > Date.parse(before[c.id].updatedAt);
    expect([changed[older.id], changed[quiet.id]].every(later)).toBe(true);
    for (const user of [alice, bob]) expect(await orderOf(user, ids)).toEqual([newer.id, older.id, quiet.id]);

    await server.app.get(ReadModelRebuild).rebuild(); // the tables give the same order as the events
    expect(await orderOf(bob, ids)).toEqual([newer.id, older.id, quiet.id]);

    await keys.bob.send(older.id, 'third');
    for (const user of [alice, bob]) expect(await orderOf(user, ids)).toEqual([older.id, newer.id, quiet.id]);
    await keys.alice.send(quiet.id, 'at last');
    expect(await orderOf(bob, ids)).toEqual([quiet.id, older.id, newer.id]);
  });
});

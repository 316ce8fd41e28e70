import { randomUUID } from 'node:crypto';
import { connect, record, signUp, sleep, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/** Seed 004 req. 3 / 10: people change how they are shown, and those who chat with them see it live. */
describe('profile: display name', () => {
  let server: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let groupId: string;

  beforeAll(async () => {
    server = await startTestApp(allInOne, { DISPLAY_NAME_MAX_CHARS: '20' });
    [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((n) => signUp(server.url, n)));
    groupId = (await alice.api.createConversation({ type: 'group', name: `named-${randomUUID().slice(0, 8)}`, memberIds: [bob.id] })).conversation.id;
  });
  afterAll(() => server?.close());

  it('renames me: my conversation partners and my other devices are told at once, others not; every read shows the new name', async () => {
    const [bobSocket, carolSocket, aliceOther] = await Promise.all([bob, carol, alice].map((u) => connect(server.url, u.auth.accessToken)));
    try {
      await bobSocket.request('conversation.join', { conversationId: groupId });
      const [toBob, toCarol, toAlice] = [bobSocket, carolSocket, aliceOther].map((s) => record(s, 'user.updated'));
      const { user } = await alice.api.updateProfile({ displayName: '  Alice Liddell ' });
      expect(user).toMatchObject({ id: alice.id, displayName: 'Alice Liddell' });
      await Promise.all([toBob.waitFor(1), toAlice.waitFor(1)]);
      expect(toBob.frames[0]).toMatchObject({ userId: alice.id, displayName: 'Alice Liddell' });
      expect(toAlice.frames[0]).toMatchObject({ userId: alice.id, displayName: 'Alice Liddell' });

      expect((await alice.api.me()).user.displayName).toBe('Alice Liddell');
      const { members } = await bob.api.getConversation(groupId);
      expect(members.find((m) => m.userId === alice.id)).toMatchObject({ displayName: 'Alice Liddell' });
      expect((await carol.api.findUsers({ q: 'Alice Lid' })).users.map((u) => u.id)).toContain(alice.id);

      // The same name again changes nothing and tells nobody.
      await alice.api.updateProfile({ displayName: 'Alice Liddell' });
      await sleep(300);
      expect([toBob.frames.length, toAlice.frames.length, toCarol.frames.length]).toEqual([1, 1, 0]);
    } finally {
      [bobSocket, carolSocket, aliceOther].forEach((s) => s.close());
    }
  });

  it('refuses a name that is empty, too long or not text, and keeps the old one', async () => {
    const before = (await bob.api.me()).user.displayName;
    for (const body of [{ displayName: '   ' }, { displayName: 'x'.repeat(21) }, { displayName: 42 }, {}, { displayName: 'Bob', isAdmin: true }]) {
      await expect(bob.api.request('PATCH', '/v1/me', body)).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    }
    await expect(bob.api.updateProfile({ displayName: 'x'.repeat(21) })).rejects.toMatchObject({ body: { details: [{ field: 'displayName' }] } });
    expect((await bob.api.me()).user.displayName).toBe(before);
  });
});

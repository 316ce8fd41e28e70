import { randomUUID } from 'node:crypto';
import type { SyncChange } from '@chat/contracts';
import { ReadModelRebuild } from '@chat/conversations';
import { connect, record, refusal, signUp, sleep, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/** Seed 002: a member of many channels stars the ones they use (PUT /v1/conversations/:id/favourite), at most FAVOURITE_CONVERSATIONS_MAX. */
describe('favourite conversations', () => {
  const MAX = 3;
  let server: TestApp;
  let alice: TestUser;

  beforeAll(async () => {
    server = await startTestApp(allInOne, { FAVOURITE_CONVERSATIONS_MAX: String(MAX) });
    alice = await signUp(server.url, 'alice');
  });
  afterAll(async () => {
    await server?.close();
  });

  const channel = async (owner: TestUser) => (await owner.api.createConversation({ type: 'channel', name: `fav-${randomUUID().slice(0, 8)}` })).conversation;
  const favouritesOf = async (user: TestUser) => (await user.api.allConversations()).filter((c) => c.favourite).map((c) => c.id);
  const unstarAll = async (user: TestUser) => Promise.all((await favouritesOf(user)).map((id) => user.api.setFavourite(id, false)));

  it('stars for me alone, again is a no-op, and my other devices learn it live and by sync', async () => {
    const bob = await signUp(server.url, 'bob');
    const { conversation } = await alice.api.createConversation({ type: 'group', name: 'starred', memberIds: [bob.id] });
    const { cursor } = await alice.api.sync();
    const laptop = await connect(server.url, alice.auth.accessToken);
    const bobsPhone = await connect(server.url, bob.auth.accessToken);
    try {
      const mine = record(laptop, 'favourite.updated');
      const bobs = record(bobsPhone, 'favourite.updated');
      expect(await alice.api.setFavourite(conversation.id, true)).toEqual({ favourite: true });
      expect(await alice.api.setFavourite(conversation.id, true)).toEqual({ favourite: true });
      await mine.waitFor(1);
      expect(mine.frames[0]).toMatchObject({ conversationId: conversation.id, favourite: true });
      expect((await alice.api.listConversations()).conversations.find((c) => c.id === conversation.id)).toMatchObject({ favourite: true, muted: false });
      expect((await bob.api.listConversations()).conversations.find((c) => c.id === conversation.id)).toMatchObject({ favourite: false });

      await alice.api.setFavourite(conversation.id, false);
      await mine.waitFor(2);
      await sleep(300);
      expect(mine.frames.map((f) => f.favourite)).toEqual([true, false]); // the repeated star sent nothing
      expect(bobs.frames).toEqual([]);
      const changes = (await alice.api.sync({ since: cursor })).changes.filter((c): c is Extract<SyncChange, { type: 'favourite.updated' }> => c.type === 'favourite.updated');
      expect(changes).toEqual([
        { type: 'favourite.updated', conversationId: conversation.id, favourite: true },
        { type: 'favourite.updated', conversationId: conversation.id, favourite: false },
      ]);
      expect((await bob.api.sync()).changes.filter((c) => c.type === 'favourite.updated')).toEqual([]);
    } finally {
      laptop.close();
      bobsPhone.close();
    }
  });

  it('refuses outsiders exactly as mute does: 404 for a conversation they cannot see, 403 for a public channel', async () => {
    const [owner, friend, outsider] = await Promise.all([signUp(server.url, 'owner'), signUp(server.url, 'friend'), signUp(server.url, 'outsider')]);
    const { conversation: group } = await owner.api.createConversation({ type: 'group', name: 'private', memberIds: [friend.id] });
    const publicChannel = await channel(owner);
    for (const id of [group.id, publicChannel.id, randomUUID()]) {
      const [favourite, mute] = await Promise.all([refusal(outsider.api.setFavourite(id, true)), refusal(outsider.api.setMuted(id, true))]);
      expect({ status: favourite.status, code: favourite.body.code }).toEqual({ status: mute.status, code: mute.body.code });
    }
    expect(await refusal(outsider.api.setFavourite(group.id, true))).toMatchObject({ status: 404, code: 'CONVERSATION_NOT_FOUND' });
    expect(await refusal(outsider.api.setFavourite(publicChannel.id, true))).toMatchObject({ status: 403, code: 'NOT_A_MEMBER' });
  });

  it('lists only my favourites with ?favourites=true, in the list’s order and paging', async () => {
    await unstarAll(alice);
    const created = [];
    for (let i = 0; i < 4; i++) created.push(await channel(alice));
    const newestFirst = created.map((c) => c.id).reverse();
    for (const id of [newestFirst[0], newestFirst[2], newestFirst[3]]) await alice.api.setFavourite(id, true);
    const first = await alice.api.listConversations({ favourites: true, limit: 2 });
    expect(first.conversations.map((c) => c.id)).toEqual([newestFirst[0], newestFirst[2]]);
    expect(first.conversations.every((c) => c.favourite)).toBe(true);
    const rest = await alice.api.listConversations({ favourites: true, limit: 2, cursor: first.nextCursor! });
    expect(rest).toMatchObject({ conversations: [{ id: newestFirst[3] }], nextCursor: null });
    // Unfiltered, the same order as before the stars.
    expect((await alice.api.allConversations()).map((c) => c.id).filter((id) => newestFirst.includes(id))).toEqual(newestFirst);
    expect(await refusal(alice.api.listConversations({ favourites: 'yes' as unknown as boolean }))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('refuses one star past FAVOURITE_CONVERSATIONS_MAX with 409 FAVOURITES_FULL, also when they come at once; unstarring or deleting frees a place', async () => {
    await unstarAll(alice);
    const conversations = await Promise.all(Array.from({ length: MAX + 2 }, () => channel(alice)));
    const results = await Promise.allSettled(conversations.map((c) => alice.api.setFavourite(c.id, true)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(MAX);
    const starred = await favouritesOf(alice);
    expect(starred).toHaveLength(MAX);
    const unstarred = conversations.find((c) => !starred.includes(c.id))!;
    const full = await refusal(alice.api.setFavourite(unstarred.id, true));
    expect(full).toMatchObject({ status: 409, code: 'FAVOURITES_FULL', body: { message: `You have ${MAX} favourite conversations already` } });
    expect(await alice.api.setFavourite(starred[0], true)).toEqual({ favourite: true }); // one I starred already is no new one

    await alice.api.setFavourite(starred[0], false);
    expect(await alice.api.setFavourite(unstarred.id, true)).toEqual({ favourite: true });
    await alice.api.deleteConversation(starred[1]);
    const another = conversations.find((c) => c.id !== unstarred.id && !starred.includes(c.id))!;
    expect(await alice.api.setFavourite(another.id, true)).toEqual({ favourite: true });
  });

  it('is in my personal data export', async () => {
    await unstarAll(alice);
    const [starred, plain] = await Promise.all([channel(alice), channel(alice)]);
    await alice.api.setFavourite(starred.id, true);
    const res = await fetch(`${server.url}/v1/me/export`, { headers: { authorization: `Bearer ${alice.auth.accessToken}` } });
    const { conversations } = (await res.json()) as { conversations: { id: string; favourite: boolean }[] };
    expect(conversations.find((c) => c.id === starred.id)).toMatchObject({ favourite: true });
    expect(conversations.find((c) => c.id === plain.id)).toMatchObject({ favourite: false });
  });

  it('is rebuilt from the memberships with the rest of the read model', async () => {
    const starred = (await favouritesOf(alice)).sort();
    expect(starred.length).toBeGreaterThan(0);
    await server.app.get(ReadModelRebuild).rebuild();
    expect((await favouritesOf(alice)).sort()).toEqual(starred);
  });
});

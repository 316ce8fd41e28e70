import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ChatApi, E2ee } from '@chat/sdk';
import { connect, record, signUp, startTestApp, uniqueName, type TestApp } from '@chat/testing';
import { allInOne } from './definition';

/** Who may contact whom (seed 000 US1-AS2): a person blocks another, and neither then reaches the other. */
describe('blocking people', () => {
  const operatorName = uniqueName('operator');
  let server: TestApp;
  let db: Client;

  beforeAll(async () => {
    server = await startTestApp(allInOne, { TENANCY_MODE: 'multi', ADMIN_USERNAMES: operatorName, BLOCKS_PAGE_DEFAULT_LIMIT: '2', BLOCKS_PAGE_MAX_LIMIT: '3', TYPING_TTL_SECONDS: '60' });
    db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await server?.close();
  });

  const pair = () => Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
  const blocked = { status: 403, body: { code: 'CONTACT_BLOCKED', message: 'You cannot contact this person', requestId: expect.any(String) } };
  const count = async (sql: string, params: unknown[]) => Number((await db.query(`SELECT count(*) AS n FROM (${sql}) x`, params)).rows[0].n);

  it('blocks, lists (paged, most recent first) and unblocks; both PUT and DELETE are idempotent', async () => {
    const [me, a, b, c] = await Promise.all(['me', 'a', 'b', 'c'].map((n) => signUp(server.url, n)));
    for (const other of [a, b, c]) expect((await me.api.request('PUT', `/v1/me/blocks/${other.id}`)).status).toBe(204);
    const first = await me.api.blocks();
    expect(first.blocks.map((x) => x.user.id)).toEqual([c.id, b.id]);
    expect(first.blocks[0]).toEqual({ user: expect.objectContaining({ id: c.id, username: c.auth.user.username }), blockedAt: expect.any(String) });
    expect(first.hasMore).toBe(true);
    const second = await me.api.blocks({ cursor: first.nextCursor! });
    expect(second).toEqual({ blocks: [expect.objectContaining({ user: expect.objectContaining({ id: a.id }) })], nextCursor: null, hasMore: false });

    // Again: still 204, and the block keeps its first time and place; only the first was announced (chat.user.blocked.v1).
    await me.api.block(a.id);
    expect((await me.api.blocks({ limit: 3 })).blocks).toEqual([...first.blocks, ...second.blocks]);
    const announced = await db.query(`SELECT payload FROM outbox WHERE event_name = 'chat.user.blocked.v1' AND aggregate_id = $1 ORDER BY id`, [me.id]);
    expect(announced.rows.map((r) => r.payload)).toEqual([a, b, c].map((other) => ({ blockerId: me.id, blockedId: other.id })));

    expect((await me.api.request('DELETE', `/v1/me/blocks/${b.id}`)).status).toBe(204);
    expect((await me.api.request('DELETE', `/v1/me/blocks/${b.id}`)).status).toBe(204);
    expect((await me.api.blocks({ limit: 3 })).blocks.map((x) => x.user.id)).toEqual([c.id, a.id]);
    // Someone else's list is theirs.
    expect((await a.api.blocks()).blocks).toEqual([]);
  });

  it('refuses myself (400), nobody or another tenant’s user (404), a malformed id, limit or cursor (400), writing nothing', async () => {
    const me = await signUp(server.url, 'me');
    const operator = new ChatApi({ baseUrl: server.url });
    await operator.register(operatorName, 'Operator', 'password-123');
    const slug = `acme-${randomUUID().slice(0, 8)}`;
    const { auth: elsewhere } = await operator.createTenant({ slug, name: 'Acme', admin: { username: 'boss', displayName: 'Boss', password: 'password-123' } });

    await expect(me.api.block(me.id)).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', message: 'You cannot block yourself' } });
    await expect(me.api.block(randomUUID())).rejects.toMatchObject({ status: 404, body: { code: 'USER_NOT_FOUND' } });
    await expect(me.api.block(elsewhere.user.id)).rejects.toMatchObject({ status: 404, body: { code: 'USER_NOT_FOUND' } });
    await expect(me.api.block('not-a-uuid')).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    await expect(me.api.unblock('not-a-uuid')).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    await expect(me.api.blocks({ limit: 4 })).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    await expect(me.api.blocks({ cursor: 'garbage' })).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await count(`SELECT 1 FROM user_blocks WHERE blocker_id = $1`, [me.id])).toBe(0);
  });

  it('refuses a new direct conversation, either way, and a group with the other in it, with the same words for both sides; nothing is written', async () => {
    const [alice, bob] = await pair();
    const carol = await signUp(server.url, 'carol');
    await bob.api.block(alice.id);

    const refusals = await Promise.all([
      alice.api.createConversation({ type: 'direct', memberIds: [bob.id] }).catch((e) => e),
      bob.api.createConversation({ type: 'direct', memberIds: [alice.id] }).catch((e) => e),
      alice.api.createConversation({ type: 'group', name: 'with bob', memberIds: [carol.id, bob.id] }).catch((e) => e),
      bob.api.createConversation({ type: 'group', name: 'with alice', memberIds: [alice.id] }).catch((e) => e),
    ]);
    for (const refusal of refusals) expect(refusal).toMatchObject(blocked);
    // Which side blocked is not told: the blocker and the blocked read the same error.
    expect(refusals[0].body.hint).toBe(refusals[1].body.hint);
    expect(await count(`SELECT 1 FROM conversations WHERE created_by = ANY($1::uuid[])`, [[alice.id, bob.id]])).toBe(0);

    // Unrelated people are not affected, and unblocking lets them talk.
    expect((await alice.api.request('POST', '/v1/conversations', { type: 'direct', memberIds: [carol.id] })).status).toBe(201);
    await bob.api.unblock(alice.id);
    expect((await alice.api.request('POST', '/v1/conversations', { type: 'direct', memberIds: [bob.id] })).status).toBe(201);
  });

  it('refuses inviting the other to a group or channel, either way, while a third person may; shared groups keep working', async () => {
    const [alice, bob] = await pair();
    const carol = await signUp(server.url, 'carol');
    const { conversation: alicesGroup } = await alice.api.createConversation({ type: 'group', name: 'alice’s', memberIds: [carol.id] });
    const { conversation: bobsChannel } = await bob.api.createConversation({ type: 'channel', name: `bob-${randomUUID().slice(0, 8)}`, visibility: 'private' });
    await alice.api.block(bob.id);

    await expect(alice.api.invite(alicesGroup.id, bob.id)).rejects.toMatchObject(blocked);
    await expect(bob.api.invite(bobsChannel.id, alice.id)).rejects.toMatchObject(blocked);
    expect(await count(`SELECT 1 FROM conversation_members WHERE (conversation_id, user_id) IN (($1::uuid, $2::uuid), ($3::uuid, $4::uuid))`, [alicesGroup.id, bob.id, bobsChannel.id, alice.id])).toBe(0);
    expect(await count(`SELECT 1 FROM outbox WHERE aggregate_id = ANY($1::uuid[]) AND event_name = 'chat.member.joined.v1' AND payload->>'reason' = 'invited'`, [[alicesGroup.id, bobsChannel.id]])).toBe(0);

    // Carol is on neither side: she brings Bob into the group Alice is in, and both still write there.
    await carol.api.invite(alicesGroup.id, bob.id);
    await alice.api.sendMessage(alicesGroup.id, { clientMessageId: randomUUID(), body: 'from alice' });
    await bob.api.sendMessage(alicesGroup.id, { clientMessageId: randomUUID(), body: 'from bob' });
    expect((await carol.api.history(alicesGroup.id)).messages.map((m) => m.body)).toEqual(['from alice', 'from bob']);
  });

  it('refuses a message into a direct conversation between them, over REST and the socket, either way, before anything is written', async () => {
    const [alice, bob] = await pair();
    const { conversation: direct } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    await alice.api.sendMessage(direct.id, { clientMessageId: randomUUID(), body: 'before' });
    await bob.api.block(alice.id);
    const written = async () => ({
      messages: await count(`SELECT 1 FROM messages WHERE conversation_id = $1`, [direct.id]),
      lastSeq: Number((await db.query(`SELECT last_seq FROM conversations WHERE id = $1`, [direct.id])).rows[0].last_seq),
      events: await count(`SELECT 1 FROM outbox WHERE aggregate_id = $1 AND event_name = 'chat.message.sent.v1'`, [direct.id]),
    });
    const before = await written();
    expect(before).toEqual({ messages: 1, lastSeq: 1, events: 1 });

    await expect(alice.api.sendMessage(direct.id, { clientMessageId: randomUUID(), body: 'hello?' })).rejects.toMatchObject(blocked);
    await expect(bob.api.sendMessage(direct.id, { clientMessageId: randomUUID(), body: 'go away' })).rejects.toMatchObject(blocked);
    const socket = await connect(server.url, alice.auth.accessToken);
    try {
      await expect(socket.request('message.send', { conversationId: direct.id, clientMessageId: randomUUID(), body: 'by socket' })).rejects.toMatchObject({
        body: { code: 'CONTACT_BLOCKED', message: 'You cannot contact this person' },
      });
    } finally {
      socket.close();
    }
    expect(await written()).toEqual(before);
    // The history stays readable to both.
    expect((await alice.api.history(direct.id)).messages.map((m) => m.body)).toEqual(['before']);

    await bob.api.unblock(alice.id);
    await alice.api.sendMessage(direct.id, { clientMessageId: randomUUID(), body: 'after' });
    expect((await bob.api.history(direct.id)).messages.map((m) => m.body)).toEqual(['before', 'after']);
  });

  it('refuses a reaction in a direct conversation between them, either way, writing and announcing nothing; my own reaction can still be taken back, and shared groups are not affected', async () => {
    const [alice, bob] = await pair();
    const carol = await signUp(server.url, 'carol');
    const { conversation: direct } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    const { conversation: group } = await alice.api.createConversation({ type: 'group', name: 'shared', memberIds: [bob.id, carol.id] });
    const { message } = await alice.api.sendMessage(direct.id, { clientMessageId: randomUUID(), body: 'hi' });
    const { message: inGroup } = await alice.api.sendMessage(group.id, { clientMessageId: randomUUID(), body: 'hi all' });
    const socket = await connect(server.url, alice.auth.accessToken);
    try {
      await socket.request('conversation.join', { conversationId: direct.id });
      const announced = record(socket, 'reaction.updated');
      await bob.api.react(direct.id, message.id, '👍');
      await announced.waitFor(1);
      await alice.api.block(bob.id);
      const written = async () => ({
        reactions: await count(`SELECT 1 FROM message_reactions WHERE message_id = $1`, [message.id]),
        events: await count(`SELECT 1 FROM outbox WHERE aggregate_id = $1 AND event_name = 'chat.reaction.changed.v1'`, [direct.id]),
      });
      const before = await written();
      expect(before).toEqual({ reactions: 1, events: 1 });

      const refusals = [await bob.api.react(direct.id, message.id, '❤️').catch((e) => e), await alice.api.react(direct.id, message.id, '👍').catch((e) => e)];
      for (const refusal of refusals) expect(refusal).toMatchObject(blocked);
      expect(refusals[0].body.hint).toBe(refusals[1].body.hint);
      expect(await written()).toEqual(before);

      // Bob takes his own reaction back: allowed, and Alice's socket hears that change only.
      expect(await bob.api.unreact(direct.id, message.id, '👍')).toMatchObject({ reactions: {}, myReactions: [] });
      await announced.waitFor(2);
      expect(announced.frames.slice(1)).toEqual([expect.objectContaining({ conversationId: direct.id, messageId: message.id, userId: bob.id, emoji: '👍', added: false, reactions: {} })]);
      // The group they share goes on as before.
      expect((await bob.api.react(group.id, inGroup.id, '👍')).reactions).toEqual({ '👍': 1 });

      await alice.api.unblock(bob.id);
      expect((await bob.api.react(direct.id, message.id, '❤️')).reactions).toEqual({ '❤️': 1 });
    } finally {
      socket.close();
    }
  });

  it('refuses an edit in a direct conversation between them (plain and end-to-end encrypted), either way, writing and announcing nothing; deleting my own message stays allowed, and unblocking allows edits again', async () => {
    const [alice, bob] = await pair();
    const { conversation: plain } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    const bobKeys = await E2ee.setUp(bob.api, bob.id);
    const aliceKeys = await E2ee.setUp(alice.api, alice.id);
    const encrypted = await aliceKeys.createConversation({ type: 'direct', memberIds: [bob.id] });
    const keys = { [alice.id]: aliceKeys, [bob.id]: bobKeys };
    // Each writes one message in each conversation before the block, and one more in the plain one to delete during it.
    const mine = async (user: typeof alice) => ({
      plain: (await user.api.sendMessage(plain.id, { clientMessageId: randomUUID(), body: `${user.id} plain` })).message,
      encrypted: await keys[user.id].send(encrypted.id, `${user.id} sealed`),
      toDelete: (await user.api.sendMessage(plain.id, { clientMessageId: randomUUID(), body: `${user.id} regret` })).message,
    });
    const written = { [alice.id]: await mine(alice), [bob.id]: await mine(bob) };
    const edit = async (user: typeof alice, conversationId: string, messageId: string, text: string) =>
      user.api.editMessage(conversationId, messageId, conversationId === encrypted.id ? await keys[user.id].encrypt(conversationId, text) : text);
    const state = async () => ({
      rows: (await db.query(`SELECT id, body, version, edited_at FROM messages WHERE conversation_id = ANY($1::uuid[]) ORDER BY id`, [[plain.id, encrypted.id]])).rows,
      events: await count(`SELECT 1 FROM outbox WHERE aggregate_id = ANY($1::uuid[]) AND event_name = 'chat.message.edited.v1'`, [[plain.id, encrypted.id]]),
    });
    await bob.api.block(alice.id);
    const before = await state();
    expect(before.events).toBe(0);

    // The blocked and the blocker alike, in both conversations: the same refusal, nothing changed.
    const refusals = await Promise.all(
      [alice, bob].flatMap((user) => [
        edit(user, plain.id, written[user.id].plain.id, 'rewritten').catch((e) => e),
        edit(user, encrypted.id, written[user.id].encrypted.id, 'rewritten').catch((e) => e),
      ]),
    );
    for (const refusal of refusals) expect(refusal).toMatchObject(blocked);
    expect(refusals[0].body.hint).toBe(refusals[2].body.hint);
    expect(await state()).toEqual(before);

    // Deleting my own message only removes what I said: allowed to either side.
    for (const user of [alice, bob]) await user.api.deleteMessage(plain.id, written[user.id].toDelete.id);
    expect((await alice.api.history(plain.id)).messages.filter((m) => m.deletedAt).map((m) => m.id).sort()).toEqual([written[alice.id].toDelete.id, written[bob.id].toDelete.id].sort());

    await bob.api.unblock(alice.id);
    for (const user of [alice, bob]) {
      expect((await edit(user, plain.id, written[user.id].plain.id, 'edited after')).message).toMatchObject({ body: 'edited after', version: 2 });
      const { message } = await edit(user, encrypted.id, written[user.id].encrypted.id, 'sealed after');
      expect(await keys[user.id === alice.id ? bob.id : alice.id].decrypt(message)).toBe('sealed after');
    }
  });

  it('keeps typing in a direct conversation between them from the other, either way, subscribed or not, and the ack says nothing of it; shared groups are not affected', async () => {
    const [alice, bob] = await pair();
    const carol = await signUp(server.url, 'carol');
    const { conversation: direct } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    const { conversation: group } = await alice.api.createConversation({ type: 'group', name: 'shared', memberIds: [bob.id, carol.id] });
    const [a, b, aUnsubscribed] = await Promise.all([alice, bob, alice].map((u) => connect(server.url, u.auth.accessToken)));
    try {
      for (const [socket, conversationIds] of [[a, [direct.id, group.id]], [b, [direct.id, group.id]]] as const) {
        for (const conversationId of conversationIds) await socket.request('conversation.join', { conversationId });
      }
      const aliceSees = record(a, 'typing');
      const bobSees = record(b, 'typing');
      const inDirect = (frames: { conversationId: string; userIds: string[] }[]) => frames.filter((f) => f.conversationId === direct.id).map((f) => f.userIds);
      const inGroup = (frames: { conversationId: string; userIds: string[] }[]) => frames.filter((f) => f.conversationId === group.id).map((f) => f.userIds);
      // Bob is typing when he blocks her: the block ends it, a frame of nobody. Waiting for that frame
      // also waits for the block's event to be handled, which comes after the request returns: on a
      // loaded box it once came after the unblock below, and ended the start made then.
      await b.request('typing', { conversationId: direct.id, isTyping: true });
      await aliceSees.waitFor(1);
      await bob.api.block(alice.id);
      await Promise.all([aliceSees.waitFor(2), bobSees.waitFor(2)]);
      expect(inDirect(aliceSees.frames)).toEqual([[bob.id], []]);

      // Each start is answered as any start is, and stored or sent to nobody.
      await expect(a.request('typing', { conversationId: direct.id, isTyping: true })).resolves.toEqual({});
      await expect(aUnsubscribed.request('typing', { conversationId: direct.id, isTyping: true })).resolves.toEqual({});
      await expect(b.request('typing', { conversationId: direct.id, isTyping: true })).resolves.toEqual({});
      await expect(a.request('typing', { conversationId: direct.id, isTyping: false })).resolves.toEqual({});

      // In the group they share, typing reaches the other (frames of one node arrive in order, so the direct ones would be in by now).
      await a.request('typing', { conversationId: group.id, isTyping: true });
      await Promise.all([aliceSees.waitFor(3), bobSees.waitFor(3)]);
      expect(inGroup(bobSees.frames)).toEqual([[alice.id]]);
      expect(inDirect(aliceSees.frames)).toEqual([[bob.id], []]);
      expect(inDirect(bobSees.frames)).toEqual([[bob.id], []]);

      // Unblocked, typing goes through again; no start from the blocked time was kept (the TTL is 60 s here).
      await bob.api.unblock(alice.id);
      await b.request('typing', { conversationId: direct.id, isTyping: true });
      await Promise.all([aliceSees.waitFor(4), bobSees.waitFor(4)]);
      expect(inDirect(aliceSees.frames)).toEqual([[bob.id], [], [bob.id]]);
      expect(inDirect(bobSees.frames)).toEqual([[bob.id], [], [bob.id]]);
    } finally {
      for (const socket of [a, b, aUnsubscribed]) socket.close();
    }
  });

  it('ends typing started before a block in their direct conversations (plain and end-to-end encrypted) at once, both people’s, one frame each; shared groups are not affected', async () => {
    const [alice, bob] = await pair();
    const carol = await signUp(server.url, 'carol');
    const { conversation: direct } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    await E2ee.setUp(bob.api, bob.id);
    const encrypted = await (await E2ee.setUp(alice.api, alice.id)).createConversation({ type: 'direct', memberIds: [bob.id] });
    const { conversation: group } = await alice.api.createConversation({ type: 'group', name: 'shared', memberIds: [bob.id, carol.id] });
    const [a, b, c] = await Promise.all([alice, bob, carol].map((u) => connect(server.url, u.auth.accessToken)));
    try {
      for (const socket of [a, b]) for (const conversationId of [direct.id, encrypted.id, group.id]) await socket.request('conversation.join', { conversationId });
      await c.request('conversation.join', { conversationId: group.id });
      const aliceSees = record(a, 'typing');
      const bobSees = record(b, 'typing');
      const inConversation = (id: string, frames: { conversationId: string; userIds: string[] }[]) => frames.filter((f) => f.conversationId === id).map((f) => f.userIds);
      const both = [alice.id, bob.id].sort();

      await a.request('typing', { conversationId: direct.id, isTyping: true });
      await bobSees.waitFor(1);
      expect(inConversation(direct.id, bobSees.frames)).toEqual([[alice.id]]);
      await b.request('typing', { conversationId: direct.id, isTyping: true });
      await a.request('typing', { conversationId: encrypted.id, isTyping: true });
      await a.request('typing', { conversationId: group.id, isTyping: true });
      await Promise.all([aliceSees.waitFor(4), bobSees.waitFor(4)]);

      // The TTL is 60 s here, so within the wait below only the block can end these entries (at the
      // usual 5 s it would have to come well before the lapse too: 4 s at most).
      await bob.api.block(alice.id);
      await Promise.all([aliceSees.waitFor(6, 4_000), bobSees.waitFor(6, 4_000)]);
      for (const seen of [aliceSees, bobSees]) {
        expect(inConversation(direct.id, seen.frames)).toEqual([[alice.id], both, []]);
        expect(inConversation(encrypted.id, seen.frames)).toEqual([[alice.id], []]);
      }

      // Alice's typing in the group they share stands: Carol starting there lists both.
      await c.request('typing', { conversationId: group.id, isTyping: true });
      await bobSees.waitFor(7);
      expect(inConversation(group.id, bobSees.frames)).toEqual([[alice.id], [alice.id, carol.id].sort()]);
      expect(bobSees.frames).toHaveLength(7);
    } finally {
      for (const socket of [a, b, c]) socket.close();
    }
  });

  it('exports my blocks (not who blocked me) and deletes them both ways with the account', async () => {
    const [alice, bob] = await pair();
    const carol = await signUp(server.url, 'carol');
    await alice.api.block(bob.id);
    await carol.api.block(alice.id);
    const res = await fetch(`${server.url}/v1/me/export`, { headers: { authorization: `Bearer ${alice.auth.accessToken}` } });
    const exported = (await res.json()) as { blocks: unknown[] };
    expect(exported.blocks).toEqual([{ userId: bob.id, blockedAt: expect.any(String) }]);

    expect((await alice.api.request('DELETE', '/v1/me', { password: 'password-123' })).status).toBe(204);
    expect(await count(`SELECT 1 FROM user_blocks WHERE blocker_id = $1 OR blocked_id = $1`, [alice.id])).toBe(0);
    expect((await carol.api.blocks()).blocks).toEqual([]);
  });
});


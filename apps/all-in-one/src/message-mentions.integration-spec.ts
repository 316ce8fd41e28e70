import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Message } from '@chat/contracts';
import { ChatApiError } from '@chat/sdk';
import { connect, eventually, record, signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/** Mentions: the members a message names, by id, kept with it and served with it; the body is never parsed. */
describe('message mentions', () => {
  const MENTIONS_MAX = 3;
  let server: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let conversationId: string;

  beforeAll(async () => {
    server = await startTestApp(allInOne, { MESSAGE_MENTIONS_MAX: String(MENTIONS_MAX), GROUP_MAX_MEMBERS: '10' });
    [alice, bob, carol] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob'), signUp(server.url, 'carol')]);
  });
  afterAll(() => server.close());

  beforeEach(async () => {
    ({ conversation: { id: conversationId } } = await alice.api.createConversation({ type: 'group', name: `mentions-${randomUUID()}`, memberIds: [bob.id, carol.id] }));
  });

  const send = (body: string, mentions?: string[]) => alice.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body, ...(mentions ? { mentions } : {}) }).then((r) => r.message);
  const refusal = (sending: Promise<unknown>) => sending.then(() => null, (e: unknown) => e as ChatApiError);

  it('keeps the members a message names and serves them in the answer, the frame, history and sync; an edit keeps them', async () => {
    const bobDevice = await connect(server.url, bob.auth.accessToken);
    await bobDevice.request('conversation.join', { conversationId });
    const created = record(bobDevice, 'message.created');
    const message = await send('@Bob and @Carol, lunch?', [bob.id, carol.id]);
    expect(message.mentions).toEqual([bob.id, carol.id]);
    await eventually(() => expect(created.frames.find((f) => f.message.id === message.id)?.message.mentions).toEqual([bob.id, carol.id]));
    const plain = await send('no names here');
    expect(plain.mentions).toBeUndefined();
    expect((await bob.api.history(conversationId)).messages.map((m) => m.mentions ?? null)).toEqual([[bob.id, carol.id], null]);
    const synced = await bobDevice.request('sync', { conversationId, afterSeq: 0 });
    expect(synced.messages.map((m: Message) => m.mentions ?? null)).toEqual([[bob.id, carol.id], null]);
    bobDevice.close();
    expect((await alice.api.editMessage(conversationId, message.id, '@Bob, lunch?')).message.mentions).toEqual([bob.id, carol.id]);
  });

  it('refuses a non-member, a name given twice, more than MESSAGE_MENTIONS_MAX and malformed ids (400), storing nothing', async () => {
    const stranger = await signUp(server.url, 'stranger');
    expect(await refusal(send('@Stranger', [bob.id, stranger.id]))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', body: { details: [{ field: 'mentions.1' }] } });
    expect(await refusal(send('@Bob @Bob', [bob.id, bob.id]))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', body: { details: [{ field: 'mentions' }] } });
    const many = await Promise.all(Array.from({ length: MENTIONS_MAX + 1 }, () => signUp(server.url, 'many')));
    for (const m of many) await alice.api.invite(conversationId, m.id);
    expect(await refusal(send('everyone', many.map((m) => m.id)))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', body: { details: [{ field: 'mentions' }] } });
    expect(await refusal(send('@x', ['not-a-uuid']))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    // At the limit it is taken; naming oneself is allowed (nobody is notified of their own message).
    expect((await send('three', [...many.slice(0, MENTIONS_MAX - 1).map((m) => m.id), alice.id])).mentions).toHaveLength(MENTIONS_MAX);

    // Someone who may not send here learns nothing of who is a member.
    const plainSend = await refusal(stranger.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: 'hi' }));
    const naming = await refusal(stranger.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: 'hi', mentions: [randomUUID()] }));
    expect(plainSend).toBeInstanceOf(ChatApiError);
    expect(naming).toMatchObject({ status: plainSend!.status, code: plainSend!.code });
    expect((await alice.api.history(conversationId)).messages.map((m) => m.body)).toEqual(['three']);
  });

  it('counts in the list the unread messages addressed to each member (mentions of them and replies to theirs, from others, while they stand) and lists them for a jump', async () => {
    const by = (user: TestUser, body: string, extra: { mentions?: string[]; replyTo?: string } = {}) =>
      user.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body, ...extra }).then((r) => r.message);
    const mentionsOf = async (user: TestUser) => (await user.api.listConversations()).conversations.find((c) => c.id === conversationId)!;
    const question = await by(bob, 'question');
    const named = await by(alice, '@Bob', { mentions: [bob.id] });
    await by(alice, 'answer', { replyTo: question.id });
    await by(carol, 'to alice', { replyTo: named.id });
    await by(alice, '@Carol', { mentions: [carol.id] });
    await by(bob, '@Bob (myself)', { mentions: [bob.id] });
    await alice.api.deleteMessage(conversationId, (await by(alice, '@Bob, never mind', { mentions: [bob.id] })).id);
    const withdrawn = await by(bob, 'withdrawn');
    await by(carol, 'to the withdrawn one', { replyTo: withdrawn.id });
    await bob.api.deleteMessage(conversationId, withdrawn.id);
    const last = await by(carol, '@Bob, twice addressed, counted once', { mentions: [bob.id], replyTo: question.id });

    // Bob: the mention, the answer to his question and Carol's last; Alice: Carol's reply; Carol: the mention.
    await eventually(async () => expect((await mentionsOf(bob)).lastSeq).toBe(last.seq));
    expect(await mentionsOf(bob)).toMatchObject({ unreadCount: 6, unreadMentionCount: 3 });
    expect(await mentionsOf(alice)).toMatchObject({ unreadMentionCount: 1 });
    expect(await mentionsOf(carol)).toMatchObject({ unreadMentionCount: 1 });
    // The same messages, listed for "jump to the next mention", oldest first, a page at a time.
    const answer = (await bob.api.history(conversationId)).messages.find((m) => m.body === 'answer')!;
    const addressedToBob = [named, answer, last].map((m) => ({ messageId: m.id, seq: m.seq }));
    expect(await bob.api.unreadMentions(conversationId)).toEqual({ mentions: addressedToBob, hasMore: false });
    expect(await bob.api.unreadMentions(conversationId, { limit: 2 })).toEqual({ mentions: addressedToBob.slice(0, 2), hasMore: true });
    expect(await bob.api.unreadMentions(conversationId, { limit: 2, after: answer.seq })).toEqual({ mentions: addressedToBob.slice(2), hasMore: false });
    expect((await alice.api.unreadMentions(conversationId)).mentions.map((m) => m.seq)).toEqual([named.seq + 2]);
    for (const page of [{ limit: 0 }, { limit: 501 }, { after: -1 }, { after: 1e20 }]) expect(await refusal(bob.api.unreadMentions(conversationId, page))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const stranger = await signUp(server.url, 'stranger');
    const outside = await refusal(stranger.api.history(conversationId));
    expect(await refusal(stranger.api.unreadMentions(conversationId))).toMatchObject({ status: outside!.status, code: outside!.code });

    await bob.api.markRead(conversationId, named.seq + 1);
    await eventually(async () => expect(await mentionsOf(bob)).toMatchObject({ lastReadSeq: named.seq + 1, unreadMentionCount: 1 }));
    expect((await bob.api.unreadMentions(conversationId)).mentions).toEqual([{ messageId: last.id, seq: last.seq }]);
    // A page asked for after a seq starts there, wherever my pointer is now.
    expect((await bob.api.unreadMentions(conversationId, { after: 0 })).mentions).toEqual(addressedToBob);
    await bob.api.markRead(conversationId, last.seq);
    await eventually(async () => expect(await mentionsOf(bob)).toMatchObject({ unreadCount: 0, unreadMentionCount: 0 }));
  });

  it('forgets whom a deleted message named, and the account export lists them', async () => {
    const kept = await send('@Bob', [bob.id]);
    const deleted = await send('@Carol', [carol.id]);
    await alice.api.deleteMessage(conversationId, deleted.id);
    expect((await bob.api.history(conversationId)).messages.map((m) => m.mentions ?? null)).toEqual([[bob.id], null]);
    const [stored] = await server.app.get(DataSource).query(`SELECT mentions FROM messages WHERE id = $1`, [deleted.id]);
    expect(stored.mentions).toBeNull();
    const res = await fetch(`${server.url}/v1/me/export`, { headers: { authorization: `Bearer ${alice.auth.accessToken}` } });
    const exported = (await res.json()) as { messages: { id: string; mentions: string[] | null }[] };
    expect(exported.messages.find((m) => m.id === kept.id)?.mentions).toEqual([bob.id]);
  });
});

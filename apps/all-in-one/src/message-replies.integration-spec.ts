import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Message } from '@chat/contracts';
import { ChatApiError } from '@chat/sdk';
import { connect, eventually, record, signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/**
 * Replies: a message sent with `replyTo` carries a quote of the message it answers, read when the
 * reply is read (history, sync, search, frames, answers), so edits show in it and a deletion leaves
 * only its seq.
 */
describe('message replies', () => {
  let server: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let conversationId: string;

  beforeAll(async () => {
    server = await startTestApp(allInOne);
    [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
  });
  afterAll(() => server.close());

  beforeEach(async () => {
    ({ conversation: { id: conversationId } } = await alice.api.createConversation({ type: 'group', name: `replies-${randomUUID()}`, memberIds: [bob.id] }));
  });

  const send = (user: TestUser, body: string, replyTo?: string) => user.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body, ...(replyTo ? { replyTo } : {}) }).then((r) => r.message);
  const inHistory = async (user: TestUser, id: string) => (await user.api.history(conversationId)).messages.find((m) => m.id === id)!;

  it('quotes the answered message in the answer, the frame, history, socket sync and search; other messages carry no quote', async () => {
    const topic = `quoted${randomUUID().slice(0, 8)}`;
    const question = await send(bob, 'Lunch at noon?');
    await send(bob, 'Or one?');
    const bobDevice = await connect(server.url, bob.auth.accessToken);
    await bobDevice.request('conversation.join', { conversationId });
    const created = record(bobDevice, 'message.created');

    const reply = await send(alice, `${topic} noon works`, question.id);
    const quote = { seq: question.seq, deleted: false, id: question.id, senderId: bob.id, body: 'Lunch at noon?', attachmentCount: 0 };
    expect(reply.replyTo).toEqual(quote);
    // Bob's own sends above may reach this socket after its join: the reply's frame is the one that counts.
    await eventually(() => expect(created.frames.find((f) => f.message.id === reply.id)?.message.replyTo).toEqual(quote));

    const history = (await bob.api.history(conversationId)).messages;
    expect(history.map((m) => m.replyTo ?? null)).toEqual([null, null, quote]);
    const synced = await bobDevice.request('sync', { conversationId, afterSeq: 0 });
    expect(synced.messages.find((m: Message) => m.id === reply.id)?.replyTo).toEqual(quote);
    bobDevice.close();
    const { hits } = await bob.api.search({ q: topic, conversationId });
    expect(hits.map((h) => h.message.replyTo)).toEqual([quote]);
    // The list's preview is the reply's own words: no copy of the answered message there.
    await eventually(async () => expect((await bob.api.listConversations()).conversations.find((c) => c.id === conversationId)?.lastMessage).toMatchObject({ id: reply.id }));
    expect((await bob.api.listConversations()).conversations.find((c) => c.id === conversationId)?.lastMessage?.replyTo).toBeUndefined();
  });

  it('takes replyTo over the socket too, and a retry answers the stored reply', async () => {
    const question = await send(bob, 'Ready?');
    const aliceDevice = await connect(server.url, alice.auth.accessToken);
    const clientMessageId = randomUUID();
    const sent = await aliceDevice.request('message.send', { conversationId, clientMessageId, body: 'Yes', replyTo: question.id });
    expect(sent.message.replyTo).toMatchObject({ seq: question.seq, id: question.id, body: 'Ready?' });
    const again = await aliceDevice.request('message.send', { conversationId, clientMessageId, body: 'Yes', replyTo: question.id });
    expect(again.message).toEqual(sent.message);
    aliceDevice.close();
    // Retried after the answered message was deleted: the stored reply, not a refusal.
    await bob.api.deleteMessage(conversationId, question.id);
    const late = await alice.api.sendMessage(conversationId, { clientMessageId, body: 'Yes', replyTo: question.id });
    expect(late.message.id).toBe(sent.message.id);
    expect(late.message.replyTo).toEqual({ seq: question.seq, deleted: true });
    // Retried after its row was purged (retention): the stored reply too.
    await server.app.get(DataSource).query(`DELETE FROM messages WHERE id = $1`, [question.id]);
    expect((await alice.api.sendMessage(conversationId, { clientMessageId, body: 'Yes', replyTo: question.id })).message.id).toBe(sent.message.id);
  });

  it('takes a reply to a message deleted since it was chosen (a send that waited offline), quoting it as deleted', async () => {
    const question = await send(bob, 'Still there?');
    await bob.api.deleteMessage(conversationId, question.id);
    const reply = await send(alice, 'Yes, still here', question.id);
    expect(reply.replyTo).toEqual({ seq: question.seq, deleted: true });
    expect((await inHistory(bob, reply.id)).replyTo).toEqual({ seq: question.seq, deleted: true });
  });

  it('shows an edit of the answered message, and after its deletion only its seq; a deleted reply loses its quote', async () => {
    const question = await send(bob, 'Meet at 3?');
    const reply = await send(alice, 'Sure', question.id);
    await bob.api.editMessage(conversationId, question.id, 'Meet at 4?');
    expect((await inHistory(alice, reply.id)).replyTo).toMatchObject({ deleted: false, body: 'Meet at 4?' });
    // GET /v1/sync's copy of the reply (the change log) follows the edit too.
    const syncedReply = async () => {
      const { changes } = await bob.api.sync();
      return changes.flatMap((c) => (c.type === 'message.created' && c.message.id === reply.id ? [c.message] : []));
    };
    await eventually(async () => expect((await syncedReply()).map((m) => m.replyTo)).toEqual([expect.objectContaining({ body: 'Meet at 4?' })]));

    // The reply's own edit keeps its quote, in the answer and the frame.
    const bobDevice = await connect(server.url, bob.auth.accessToken);
    await bobDevice.request('conversation.join', { conversationId });
    const updated = record(bobDevice, 'message.updated');
    const edited = await alice.api.editMessage(conversationId, reply.id, 'Sure, 4 it is');
    expect(edited.message.replyTo).toMatchObject({ seq: question.seq, body: 'Meet at 4?' });
    // As above: Bob's own edit may reach this socket first.
    await eventually(() => expect(updated.frames.find((f) => f.message.id === reply.id)?.message.replyTo).toMatchObject({ seq: question.seq, body: 'Meet at 4?' }));
    bobDevice.close();

    // The change log's retention took the question's own rows: its replies' copies are still found.
    await server.app.get(DataSource).query(`DELETE FROM rm_changes WHERE message_id = $1`, [question.id]);
    await bob.api.deleteMessage(conversationId, question.id);
    const after = await inHistory(alice, reply.id);
    expect(after.replyTo).toEqual({ seq: question.seq, deleted: true });
    expect(JSON.stringify(after)).not.toContain('Meet at');
    await eventually(async () => expect((await syncedReply()).map((m) => m.replyTo)).toEqual([{ seq: question.seq, deleted: true }]));
    expect(JSON.stringify((await bob.api.sync()).changes)).not.toContain('Meet at');

    await alice.api.deleteMessage(conversationId, reply.id);
    expect((await inHistory(bob, reply.id)).replyTo).toBeUndefined();
    const [stored] = await server.app.get(DataSource).query(`SELECT reply_to_seq FROM messages WHERE id = $1`, [reply.id]);
    expect(stored.reply_to_seq).toBeNull();
  });

  it('counts the attachments of the answered message', async () => {
    const question = await bob.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: '', attachments: [{ url: 'https://example.com/plan.pdf', name: 'plan.pdf', contentType: 'application/pdf', size: 1234 }] });
    const reply = await send(alice, 'Looks good', question.message.id);
    expect(reply.replyTo).toEqual({ seq: question.message.seq, deleted: false, id: question.message.id, senderId: bob.id, body: '', attachmentCount: 1 });
  });

  it('refuses a reply to a message of another conversation, an unknown or purged one (404), a malformed id (400), and tells a non-member only that they may not send', async () => {
    const { conversation: elsewhere } = await bob.api.createConversation({ type: 'group', name: `elsewhere-${randomUUID()}`, memberIds: [alice.id] });
    const foreign = (await bob.api.sendMessage(elsewhere.id, { clientMessageId: randomUUID(), body: 'over here' })).message;
    const purged = await send(bob, 'soon gone');
    await server.app.get(DataSource).query(`DELETE FROM messages WHERE id = $1`, [purged.id]);
    for (const replyTo of [foreign.id, purged.id, randomUUID()]) {
      const refused = await send(alice, 'answer', replyTo).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(ChatApiError);
      expect(refused).toMatchObject({ status: 404, code: 'MESSAGE_NOT_FOUND' });
    }
    await expect(send(alice, 'answer', 'not-a-uuid')).rejects.toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });

    const outsider = await signUp(server.url, 'outsider');
    const asOutsider = await outsider.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: 'hi', replyTo: randomUUID() }).catch((e: unknown) => e);
    const plainSend = await outsider.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: 'hi' }).catch((e: unknown) => e);
    expect(plainSend).toBeInstanceOf(ChatApiError);
    expect(asOutsider).toMatchObject({ status: (plainSend as ChatApiError).status, code: (plainSend as ChatApiError).code });
    // Nothing was stored by any refusal.
    expect((await alice.api.history(conversationId)).messages).toEqual([]);
  });

  it('puts the seq a message answers in the account export', async () => {
    const question = await send(bob, 'Export me?');
    const reply = await send(alice, 'Exported', question.id);
    const plain = await send(alice, 'Not a reply');
    const res = await fetch(`${server.url}/v1/me/export`, { headers: { authorization: `Bearer ${alice.auth.accessToken}` } });
    const exported = (await res.json()) as { messages: { id: string; replyToSeq: number | null }[] };
    expect(exported.messages.find((m) => m.id === reply.id)?.replyToSeq).toBe(question.seq);
    expect(exported.messages.find((m) => m.id === plain.id)?.replyToSeq).toBeNull();
  });
});

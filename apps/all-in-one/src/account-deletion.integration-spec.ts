import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { Client } from 'pg';
import { AccountMessagesEraser, SendMessageCommand } from '@chat/messaging';
import { ChatApi } from '@chat/sdk';
import { connect, eventually, record, signUp, startTestApp, uniqueName, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const password = 'password-123';

/** Seed 003, req. 11.3: what a deleted account can no longer do, and nothing of it left behind. */
describe('account deletion', () => {
  const adminName = uniqueName('operator');
  let server: TestApp;
  let db: Client;

  beforeAll(async () => {
    server = await startTestApp(allInOne, { ADMIN_USERNAMES: adminName });
    db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await server?.close();
  });

  const deleteAccount = async (who: TestUser) => expect((await who.api.request('DELETE', '/v1/me', { password })).status).toBe(204);
  const liveMessagesOf = async (userId: string) => (await db.query(`SELECT id FROM messages WHERE sender_id = $1 AND deleted_at IS NULL`, [userId])).rows.map((r) => r.id as string);

  it('refuses a send of a deleted account still in flight (a socket or request that passed its checks before) with 401 TOKEN_REVOKED, storing nothing', async () => {
    const [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
    // A direct conversation keeps a deleted account as a member: membership alone does not stop its send.
    const { conversation } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    const [session] = (await db.query(`SELECT id AS "sessionId", tenant_id AS "tenantId" FROM auth_sessions WHERE user_id = $1`, [alice.id])).rows;
    await deleteAccount(alice);

    const send = server.app.get(CommandBus).execute(new SendMessageCommand({ userId: alice.id, ...session }, conversation.id, { clientMessageId: randomUUID(), body: 'after my deletion' }));
    await expect(send).rejects.toMatchObject({ code: 'TOKEN_REVOKED', message: 'This account no longer exists' });
    expect((await db.query(`SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1`, [conversation.id])).rows[0].n).toBe(0);
  });

  it('marks an account erased only once no message of it is left: one stored after the pass read its conversations is erased by the next', async () => {
    const [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
    const { conversation } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    await alice.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'before' });
    const eraser = server.app.get(AccountMessagesEraser, { strict: false });
    const eraseAll = eraser.eraseAll.bind(eraser);
    // A message committed just after the erasure's first pass went through the account's conversations.
    const late = randomUUID();
    jest.spyOn(eraser, 'eraseAll').mockImplementation(async (tenantId, userId, batch) => {
      const erased = await eraseAll(tenantId, userId, batch);
      if (userId === alice.id && erased > 0) {
        await db.query(
          `INSERT INTO messages (id, tenant_id, conversation_id, seq, sender_id, client_message_id, body, attachments, created_at)
           SELECT $1, tenant_id, $2, 1000, $3, 'late', 'sent as the account was deleted', '[]', now() FROM users WHERE id = $3 ON CONFLICT DO NOTHING`,
          [late, conversation.id, alice.id],
        );
      }
      return erased;
    });
    try {
      await deleteAccount(alice);
      await eventually(async () => expect((await db.query(`SELECT messages_erased_at FROM users WHERE id = $1`, [alice.id])).rows[0].messages_erased_at).not.toBeNull());
    } finally {
      jest.restoreAllMocks();
    }
    expect((await db.query(`SELECT 1 FROM messages WHERE id = $1`, [late])).rowCount).toBe(1);
    expect(await liveMessagesOf(alice.id)).toEqual([]);
  });

  it('takes a deleted account’s reactions back as its holder would: members hear the counts drop, and the conversation list and history show them without it', async () => {
    const [alice, bob, carol] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob'), signUp(server.url, 'carol')]);
    const { conversation } = await bob.api.createConversation({ type: 'group', name: 'reacted', memberIds: [alice.id, carol.id] });
    const { message } = await bob.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'good news' });
    await alice.api.react(conversation.id, message.id, '👍');
    await alice.api.react(conversation.id, message.id, '🎉');
    await carol.api.react(conversation.id, message.id, '👍');
    const socket = await connect(server.url, bob.auth.accessToken);
    try {
      await socket.request('conversation.join', { conversationId: conversation.id });
      const updates = record(socket, 'reaction.updated');
      await deleteAccount(alice);
      await updates.waitFor(2);
      expect(updates.frames.map(({ messageId, userId, emoji, added }) => ({ messageId, userId, emoji, added })).sort((a, b) => a.emoji.localeCompare(b.emoji))).toEqual(
        [
          { messageId: message.id, userId: alice.id, emoji: '🎉', added: false },
          { messageId: message.id, userId: alice.id, emoji: '👍', added: false },
        ].sort((a, b) => a.emoji.localeCompare(b.emoji)),
      );
      expect(updates.frames.at(-1)!.reactions).toEqual({ '👍': 1 });
    } finally {
      socket.close();
    }
    const { messages } = await bob.api.history(conversation.id);
    expect(messages.find((m) => m.id === message.id)?.reactions).toEqual({ '👍': 1 });
    await eventually(async () => expect((await bob.api.listConversations()).conversations.find((c) => c.id === conversation.id)?.lastMessage?.reactions).toEqual({ '👍': 1 }));
    expect((await db.query(`SELECT count(*)::int AS n FROM message_reactions WHERE user_id = $1`, [alice.id])).rows[0].n).toBe(0);
  });

  it('refuses to delete an account whose username is in ADMIN_USERNAMES (409), which would free an administrator’s name for anyone to register', async () => {
    const admin = new ChatApi({ baseUrl: server.url });
    const { user } = await admin.register(adminName, 'Operator', password);
    await expect(admin.request('DELETE', '/v1/me', { password })).rejects.toMatchObject({
      status: 409,
      body: { code: 'OPERATION_NOT_SUPPORTED', hint: expect.stringContaining('ADMIN_USERNAMES') },
    });
    expect((await db.query(`SELECT username, deleted_at FROM users WHERE id = $1`, [user.id])).rows[0]).toEqual({ username: adminName, deleted_at: null });
    await expect(new ChatApi({ baseUrl: server.url }).register(adminName, 'Impostor', password)).rejects.toMatchObject({ status: 409, body: { code: 'USERNAME_TAKEN' } });
    expect((await admin.me()).user.id).toBe(user.id);
  });
});

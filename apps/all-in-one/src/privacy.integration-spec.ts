import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import type { Business, BusinessConversation } from '@chat/contracts';
import { MEDIA_STORAGE, MediaPurge, type MediaStorage } from '@chat/media';
import { ChatApi } from '@chat/sdk';
import { connect, eventually, filesUnder, makePng, signUp, startTestApp, uniqueName, type TestApp } from '@chat/testing';
import { allInOne } from './definition';

/** Seed 003, req. 11.3: an account holder exports everything kept about them, and deletes the account. */
describe('personal data: export and account deletion', () => {
  const adminName = uniqueName('auditor');
  let server: TestApp;
  let db: Client;
  let admin: ChatApi;
  let mediaDir: string;

  beforeAll(async () => {
    server = await startTestApp(allInOne, { ADMIN_USERNAMES: adminName, MEDIA_MIN_FREE_BYTES: '0' });
    mediaDir = server.config.media.dir;
    db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
    admin = new ChatApi({ baseUrl: server.url });
    await admin.register(adminName, 'Auditor', 'password-123');
  });
  afterAll(async () => {
    await db?.end();
    await server?.close();
  });

  const exportOf = async (token: string) => {
    const res = await fetch(`${server.url}/v1/me/export`, { headers: { authorization: `Bearer ${token}` } });
    return { res, body: res.ok ? ((await res.json()) as Record<string, any>) : null };
  };

  it('exports the profile, memberships, every message (streamed past one batch, tombstones included), reactions and the account’s audit trail, as a download', async () => {
    const [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
    const { conversation } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    const say = (who: typeof alice, body: string) => who.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body }).then((r) => r.message);
    const kept = await say(alice, 'kept');
    const gone = await say(alice, 'regretted');
    await alice.api.deleteMessage(conversation.id, gone.id);
    await say(bob, 'not alice’s');
    await alice.api.react(conversation.id, kept.id, '👍');
    await alice.api.updateNotificationSettings({ channels: true });
    await alice.api.updatePreferences({ locale: 'de', timeZone: 'Europe/Berlin' });
    // Bob's message reached one of Alice's devices (written at the next delivery flush).
    await alice.api.markDelivered(conversation.id, 3);
    await eventually(async () => expect((await alice.api.readPointers(conversation.id)).reads).toContainEqual(expect.objectContaining({ userId: alice.id, lastDeliveredSeq: 3 })));
    // Well past one cursor batch (500), straight into the table.
    await db.query(
      `INSERT INTO messages (id, tenant_id, conversation_id, seq, sender_id, client_message_id, body, attachments, created_at)
       SELECT gen_random_uuid(), tenant_id, $1, 100 + n, $2, 'bulk-' || n, 'bulk ' || n, '[]', now() FROM generate_series(1, 1200) n, (SELECT tenant_id FROM users WHERE id = $2) u`,
      [conversation.id, alice.id],
    );

    const { res, body } = await exportOf(alice.auth.accessToken);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="chat-export-${alice.id}.json"`);
    expect(body).toMatchObject({ format: 'chat-account-export/1', user: { id: alice.id, username: alice.auth.user.username, avatarUrl: null, locale: 'de', timeZone: 'Europe/Berlin' }, notificationSettings: { channels: true } });
    expect(body!.conversations).toEqual([expect.objectContaining({ id: conversation.id, type: 'direct', role: 'member', lastDeliveredSeq: '3' })]);
    expect(body!.messages).toHaveLength(1202);
    expect(body!.messages.slice(0, 2)).toEqual([
      expect.objectContaining({ id: kept.id, body: 'kept', seq: 1, deletedAt: null }),
      expect.objectContaining({ id: gone.id, body: '', seq: 2, deletedAt: expect.any(String) }),
    ]);
    expect(body!.messages.every((m: { body: string }) => m.body !== 'not alice’s')).toBe(true);
    expect(body!.reactions).toEqual([expect.objectContaining({ messageId: kept.id, emoji: '👍' })]);
    expect(body!.logins).toHaveLength(1);
    expect(body!.auditLog.map((e: { action: string }) => e.action)).toContain('auth.register');
    expect(JSON.stringify(body)).not.toContain('password-123');
    await eventually(async () => expect((await admin.auditLog({ actorId: alice.id, action: 'account.export' })).entries).toHaveLength(1));
  });

  it('deletes an account: password confirmed, logins ended and devices closed, ownership passed on, businesses rerouted, messages erased, the name freed', async () => {
    const [alice, bob, carol, dave] = await Promise.all(['alice', 'bob', 'carol', 'dave'].map((n) => signUp(server.url, n)));
    const { conversation: group } = await alice.api.createConversation({ type: 'group', name: 'alice’s group', memberIds: [bob.id, carol.id] });
    await alice.api.changeRole(group.id, carol.id, 'admin');
    const { conversation: lonely } = await alice.api.createConversation({ type: 'channel', name: `alone-${randomUUID().slice(0, 8)}` });
    const { conversation: direct } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    // One after another, so the seq order is the order of `said`.
    const said: Awaited<ReturnType<typeof alice.api.sendMessage>>[] = [];
    for (const body of ['one', 'two', 'three']) said.push(await alice.api.sendMessage(direct.id, { clientMessageId: randomUUID(), body }));
    await alice.api.sendMessage(group.id, { clientMessageId: randomUUID(), body: 'in the group' });
    const { business } = (await dave.api.request<{ business: Business }>('POST', '/v1/businesses', { name: 'Dave’s shop' })).data;
    await dave.api.request('DELETE', `/v1/businesses/${business.id}/agents/${dave.id}`);
    await dave.api.request('PUT', `/v1/businesses/${business.id}/agents/${alice.id}`);
    const customer = await signUp(server.url, 'customer');
    const opened = (await customer.api.request<{ businessConversation: BusinessConversation }>('POST', `/v1/businesses/${business.id}/conversations`)).data.businessConversation;
    expect(opened.agentId).toBe(alice.id);
    const socket = await connect(server.url, alice.auth.accessToken);
    const closed = new Promise<string>((resolve) => socket.socket.on('disconnect', resolve));

    await expect(alice.api.request('DELETE', '/v1/me', {})).rejects.toMatchObject({ status: 401, body: { code: 'INVALID_CREDENTIALS' } });
    await expect(alice.api.request('DELETE', '/v1/me', { password: 'wrong-password' })).rejects.toMatchObject({ status: 401 });
    expect((await alice.api.request('DELETE', '/v1/me', { password: 'password-123' })).status).toBe(204);

    expect(await closed).toBe('io server disconnect');
    await expect(alice.api.me()).rejects.toMatchObject({ status: 401 });
    await expect(new ChatApi({ baseUrl: server.url }).login(alice.auth.user.username, 'password-123')).rejects.toMatchObject({ status: 401 });
    // The name is free again; the old account stays a "Deleted user" in others' conversations.
    await new ChatApi({ baseUrl: server.url }).register(alice.auth.user.username, 'New Alice', 'password-123');
    const members = (await bob.api.getConversation(direct.id)).members;
    expect(members.find((m) => m.userId === alice.id)).toMatchObject({ displayName: 'Deleted user' });

    const groupNow = await bob.api.getConversation(group.id);
    expect(groupNow.members.map((m) => [m.userId, m.role]).sort()).toEqual([[bob.id, 'member'], [carol.id, 'owner']].sort());
    await expect(bob.api.getConversation(lonely.id)).rejects.toMatchObject({ status: 404 });
    const { rows: lonelyRows } = await db.query(`SELECT deleted_at FROM conversations WHERE id = $1`, [lonely.id]);
    expect(lonelyRows[0].deleted_at).not.toBeNull();

    await eventually(async () => {
      const { messages } = await bob.api.history(direct.id);
      expect(messages.map((m) => [m.id, m.senderId, m.body, m.deletedAt !== null])).toEqual(said.map((s) => [s.message.id, alice.id, '', true]));
    });
    await eventually(async () => expect((await bob.api.history(group.id)).messages.map((m) => m.body)).toEqual(['']));
    const { rows: erased } = await db.query(`SELECT messages_erased_at, username, password_hash FROM users WHERE id = $1`, [alice.id]);
    expect(erased[0]).toMatchObject({ username: `deleted-${alice.id}`, password_hash: null });
    await eventually(async () => expect((await db.query(`SELECT messages_erased_at FROM users WHERE id = $1`, [alice.id])).rows[0].messages_erased_at).not.toBeNull());

    const [row] = (await dave.api.request<{ conversations: BusinessConversation[] }>('GET', `/v1/businesses/${business.id}/inbox`)).data.conversations;
    expect(row).toMatchObject({ conversation: { id: opened.conversation.id }, agentId: null });
    expect((await admin.auditLog({ actorId: alice.id, action: 'account.delete', outcome: 'success' })).entries).toEqual([expect.objectContaining({ actorName: 'Deleted user' })]);
    expect((await admin.auditLog({ actorId: alice.id, action: 'account.delete', outcome: 'failure' })).entries).toHaveLength(2);
  });

  it('a deleted account is no longer found, invited or started a conversation with (404), while its old conversations still show it', async () => {
    const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((n) => signUp(server.url, n)));
    const { conversation: direct } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    const { conversation: group } = await bob.api.createConversation({ type: 'group', name: 'bob’s group', memberIds: [carol.id] });
    const username = alice.auth.user.username;
    expect((await bob.api.findUsers({ q: username })).users.map((u) => u.id)).toEqual([alice.id]);

    expect((await alice.api.request('DELETE', '/v1/me', { password: 'password-123' })).status).toBe(204);

    expect((await bob.api.findUsers({ q: 'deleted' })).users.map((u) => u.id)).not.toContain(alice.id);
    expect((await bob.api.findUsers({ q: username })).users).toEqual([]);
    const notFound = { status: 404, body: { code: 'USER_NOT_FOUND' } };
    await expect(bob.api.invite(group.id, alice.id)).rejects.toMatchObject(notFound);
    await expect(carol.api.createConversation({ type: 'direct', memberIds: [alice.id] })).rejects.toMatchObject(notFound);
    await expect(bob.api.createConversation({ type: 'group', name: 'with a ghost', memberIds: [carol.id, alice.id] })).rejects.toMatchObject(notFound);
    // Nothing was written: no new membership, no new conversation.
    const { rows } = await db.query(`SELECT conversation_id FROM conversation_members WHERE user_id = $1`, [alice.id]);
    expect(rows.map((r) => r.conversation_id)).not.toContain(group.id);
    expect((await bob.api.getConversation(group.id)).members.map((m) => m.userId).sort()).toEqual([bob.id, carol.id].sort());
    // The existing direct conversation still names its former member.
    expect((await bob.api.getConversation(direct.id)).members.find((m) => m.userId === alice.id)).toMatchObject({ displayName: 'Deleted user' });
  });

  it('deletes a guest account without a password, and erases what a crash left on the next sweep', async () => {
    const guest = new ChatApi({ baseUrl: server.url });
    const auth = await guest.guest(uniqueName('guest'));
    const bob = await signUp(server.url, 'bob');
    const { conversation } = await guest.createConversation({ type: 'direct', memberIds: [bob.id] });
    await guest.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'guest words' });
    expect((await guest.request('DELETE', '/v1/me')).status).toBe(204);
    await eventually(async () => expect((await bob.api.history(conversation.id)).messages[0].body).toBe(''));

    // As if the process died before erasing: a live message of a deleted account, not marked erased.
    await db.query(`UPDATE messages SET body = 'left by a crash', deleted_at = NULL WHERE conversation_id = $1`, [conversation.id]);
    await db.query(`UPDATE users SET messages_erased_at = NULL WHERE id = $1`, [auth.user.id]);
    const { AccountErasure } = await import('@chat/privacy');
    expect(await server.app.get(AccountErasure).sweep()).toBe(1);
    expect((await bob.api.history(conversation.id)).messages[0].body).toBe('');
    expect(await server.app.get(AccountErasure).sweep()).toBe(0);
  });

  it('removes the stored objects of a deleted account’s uploads (links dead at once), and a removal that failed is done by the next purge', async () => {
    const [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
    const { media: picture } = await alice.api.uploadMedia(await makePng(32, 32), { name: 'me.png', contentType: 'image/png' });
    const { media: notes } = await alice.api.uploadMedia(Buffer.from('my notes'), { name: 'notes.txt', contentType: 'text/plain' });
    const { media: kept } = await bob.api.uploadMedia(Buffer.from('bob’s'), { name: 'bob.txt', contentType: 'text/plain' });
    const objects = () => filesUnder(path.join(mediaDir, 'objects'));
    const of = (id: string) => async () => (await objects()).filter((f) => f.includes(id));
    expect(await of(picture.id)()).toHaveLength(2); // the file and its preview
    expect(await of(notes.id)()).toHaveLength(1);
    expect((await fetch(`${server.url}${picture.url}`)).status).toBe(200);

    // The scheduled pass is stopped, so this test decides when each purge runs.
    const purge = server.app.get(MediaPurge);
    await purge.onModuleDestroy();
    // As if the process died between the deletion's commit and the removal of one object.
    const storage = server.app.get<MediaStorage>(MEDIA_STORAGE);
    const remove = jest.spyOn(storage, 'remove').mockRejectedValueOnce(new Error('storage unavailable'));
    try {
      expect((await alice.api.request('DELETE', '/v1/me', { password: 'password-123' })).status).toBe(204);
      // Not served from the deletion's commit on, whatever the storage still holds.
      expect((await fetch(`${server.url}${picture.url}`)).status).toBe(404);
      expect((await fetch(`${server.url}${notes.url}`)).status).toBe(404);

      await expect(purge.sweep()).rejects.toThrow('1 stored media objects could not be removed');
      const left = await db.query(`SELECT id FROM media WHERE uploader_id = $1 AND purge_requested_at IS NOT NULL`, [alice.id]);
      expect(left.rows).toHaveLength(1);
      expect(await of(left.rows[0].id)()).not.toEqual([]);

      expect(await purge.sweep()).toBe(1);
      expect(await of(picture.id)()).toEqual([]);
      expect(await of(notes.id)()).toEqual([]);
      expect((await db.query(`SELECT id FROM media WHERE uploader_id = $1`, [alice.id])).rows).toEqual([]);
      expect(await purge.sweep()).toBe(0);
    } finally {
      remove.mockRestore();
    }
    // Other people's uploads stay.
    expect(await of(kept.id)()).toHaveLength(1);
    expect((await fetch(`${server.url}${kept.url}`)).status).toBe(200);
  });

  it('passes a deleted owner’s business to its longest-standing agent, or closes it when it has none (existing conversations stay readable)', async () => {
    // Frank signs up first, Erin becomes an agent first: the longest-standing agent, not the lowest id, takes over.
    const frank = await signUp(server.url, 'frank');
    const [owner, erin, customer, latecomer] = await Promise.all(['owner', 'erin', 'customer', 'latecomer'].map((n) => signUp(server.url, n)));
    const create = async (name: string) => (await owner.api.request<{ business: Business }>('POST', '/v1/businesses', { name })).data.business;
    const staffed = await create('Staffed shop');
    await owner.api.request('PUT', `/v1/businesses/${staffed.id}/agents/${erin.id}`);
    await owner.api.request('PUT', `/v1/businesses/${staffed.id}/agents/${frank.id}`);
    const alone = await create('Owner-only shop');
    await owner.api.request('DELETE', `/v1/businesses/${alone.id}/agents/${owner.id}`);
    const open = (id: string, who = customer) => who.api.request<{ businessConversation: BusinessConversation }>('POST', `/v1/businesses/${id}/conversations`);
    const waiting = (await open(alone.id)).data.businessConversation;
    await customer.api.sendMessage(waiting.conversation.id, { clientMessageId: randomUUID(), body: 'anyone there?' });

    expect((await owner.api.request('DELETE', '/v1/me', { password: 'password-123' })).status).toBe(204);

    const business = async (id: string) => (await customer.api.request<{ business: Business }>('GET', `/v1/businesses/${id}`)).data.business;
    expect(await business(staffed.id)).toMatchObject({ ownerId: erin.id, open: true });
    // The new owner manages it.
    expect((await erin.api.request<{ business: Business }>('PATCH', `/v1/businesses/${staffed.id}`, { name: 'Erin’s shop' })).data.business.name).toBe('Erin’s shop');
    expect((await open(staffed.id)).status).toBe(201);

    expect(await business(alone.id)).toMatchObject({ ownerId: owner.id, open: false });
    await expect(open(alone.id, latecomer)).rejects.toMatchObject({
      status: 409,
      body: { code: 'BUSINESS_CLOSED', message: expect.stringContaining('closed'), hint: expect.any(String), requestId: expect.any(String) },
    });
    expect((await open(alone.id)).data.businessConversation.conversation.id).toBe(waiting.conversation.id);
    expect((await customer.api.history(waiting.conversation.id)).messages.map((m) => m.body)).toEqual(['anyone there?']);

    const { rows } = await db.query(`SELECT payload FROM outbox WHERE event_name = 'chat.business.owner-changed.v1' AND aggregate_id = $1 ORDER BY id`, [owner.id]);
    expect(rows.map((r) => r.payload)).toEqual(
      expect.arrayContaining([
        { businessId: staffed.id, previousOwnerId: owner.id, ownerId: erin.id },
        { businessId: alone.id, previousOwnerId: owner.id, ownerId: null },
      ]),
    );
    expect(rows).toHaveLength(2);

    // The audit log records both, with no actor: nobody handed the businesses over.
    await eventually(async () => {
      const { entries } = await admin.auditLog({ action: 'business.owner-change' });
      const passedOn = entries.filter((e) => e.details.previousOwnerId === owner.id);
      expect(passedOn.map(({ actorId, details }) => ({ actorId, details }))).toEqual(
        expect.arrayContaining([
          { actorId: null, details: { businessId: staffed.id, previousOwnerId: owner.id, ownerId: erin.id, by: 'account-deletion' } },
          { actorId: null, details: { businessId: alone.id, previousOwnerId: owner.id, ownerId: null, by: 'account-deletion' } },
        ]),
      );
      expect(passedOn).toHaveLength(2);
    });
  });
});

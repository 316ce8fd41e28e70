import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { DataSource } from 'typeorm';
import type { Attachment, Media, Message } from '@chat/contracts';
import { ChatApiError, type RealtimeClient } from '@chat/sdk';
import { MediaPurge } from '@chat/media';
import { connect, eventually, filesUnder, makePng, record, signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const EXTERNAL: Attachment = { url: 'https://example.com/spec.pdf', name: 'spec.pdf', contentType: 'application/pdf', size: 10 };

describe('media: attachments on messages', () => {
  let server: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let mallory: TestUser;
  let conversationId: string;
  let png: Buffer;
  let photo: Media;
  let bobSocket: RealtimeClient;
  let mediaDir: string;
  beforeAll(async () => {
    server = await startTestApp(allInOne, { MEDIA_MIN_FREE_BYTES: '0' });
    mediaDir = server.config.media.dir;
    [alice, bob, mallory] = await Promise.all(['alice', 'bob', 'mallory'].map((n) => signUp(server.url, n)));
    conversationId = (await alice.api.createConversation({ type: 'group', name: 'trip', memberIds: [bob.id] })).conversation.id;
    png = await makePng(120, 90);
    photo = (await alice.api.uploadMedia(png, { name: 'beach.png', contentType: 'image/png' })).media;
    bobSocket = await connect(server.url, bob.auth.accessToken);
    await bobSocket.request('conversation.join', { conversationId });
  });
  afterAll(async () => {
    bobSocket?.close();
    await server?.close();
  });

  /** Follows an attachment's links with no credentials but the links: the bytes must be the upload's. */
  async function expectUsable(attachment: Attachment): Promise<void> {
    expect(attachment).toMatchObject({ id: photo.id, name: 'beach.png', contentType: 'image/png', size: png.length });
    const file = await fetch(alice.api.mediaUrl(attachment.url!));
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(png)).toBe(true);
    const preview = await fetch(alice.api.mediaUrl(attachment.thumbnailUrl!));
    expect(preview.headers.get('content-type')).toBe('image/webp');
  }

  it('fills an upload from the server (whatever the client claims), and every way a member gets the message carries working links', async () => {
    const created = record(bobSocket, 'message.created');
    const claims = { id: photo.id, name: 'invoice.exe', contentType: 'application/x-msdownload', size: 1 };
    const { message } = await alice.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: 'look', attachments: [claims, EXTERNAL] });
    await expectUsable(message.attachments[0]);
    expect(message.attachments[1]).toEqual(EXTERNAL);

    // Stored without links: a link in the table or the event log would outlive its expiry.
    const [stored] = await server.app.get(DataSource).query('SELECT attachments FROM messages WHERE id = $1', [message.id]);
    expect(stored.attachments).toEqual([{ id: photo.id, name: 'beach.png', contentType: 'image/png', size: png.length }, EXTERNAL]);

    await created.waitFor(1);
    await expectUsable(created.frames[0].message.attachments[0]);
    await expectUsable((await bob.api.history(conversationId)).messages.at(-1)!.attachments[0]);
    const sync = await bob.api.sync();
    const change = sync.changes.find((c) => c.type === 'message.created' && c.message.id === message.id) as { message: Message };
    await expectUsable(change.message.attachments[0]);
    await eventually(async () => {
      const summary = (await bob.api.listConversations()).conversations.find((c) => c.id === conversationId)!;
      expect(summary.lastMessage?.id).toBe(message.id);
      await expectUsable(summary.lastMessage!.attachments[0]);
    });
    const caughtUp = await bobSocket.request('sync', { conversationId, afterSeq: message.seq - 1 });
    await expectUsable(caughtUp.messages[0].attachments[0]);
  });

  it('carries working links on a socket send, its replay, and an edit', async () => {
    const aliceSocket = await connect(server.url, alice.auth.accessToken);
    try {
      const updated = record(bobSocket, 'message.updated');
      const clientMessageId = randomUUID();
      const sent = await aliceSocket.request('message.send', { conversationId, clientMessageId, body: 'again', attachments: [{ id: photo.id }] });
      await expectUsable(sent.message.attachments[0]);
      const replay = await alice.api.sendMessage(conversationId, { clientMessageId, body: 'again', attachments: [{ id: photo.id }] });
      await expectUsable(replay.message.attachments[0]);
      const edited = await alice.api.editMessage(conversationId, sent.message.id, 'again, edited');
      await expectUsable(edited.message.attachments[0]);
      await updated.waitFor(1);
      await expectUsable(updated.frames[0].message.attachments[0]);
    } finally {
      aliceSocket.close();
    }
  });

  it('refuses to attach a file the sender did not upload: someone else’s, even in the same conversation, or none', async () => {
    const mine = (await mallory.api.createConversation({ type: 'channel', name: `m-${randomUUID().slice(0, 8)}` })).conversation.id;
    for (const [sender, target, id] of [
      [mallory, mine, photo.id],
      [bob, conversationId, photo.id],
      [alice, conversationId, randomUUID()],
    ] as const) {
      const err = await sender.api.sendMessage(target, { clientMessageId: randomUUID(), body: 'x', attachments: [{ id }] }).catch((e) => e);
      expect(err).toBeInstanceOf(ChatApiError);
      expect(err.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'attachments.0.id', problem: 'must be the id of a file you uploaded' }] });
    }
    expect((await mallory.api.history(mine)).messages).toEqual([]);
    // A non-member gets no message, so no link, of the conversation it is attached in.
    expect(await mallory.api.history(conversationId).catch((e) => e.status)).toBe(404);
  });

  it('takes a message of attachments alone, and drops them with the message when it is deleted', async () => {
    const { message } = await alice.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: '', attachments: [{ id: photo.id }] });
    expect(message.attachments).toHaveLength(1);
    await alice.api.deleteMessage(conversationId, message.id);
    const tombstone = (await bob.api.history(conversationId)).messages.find((m) => m.id === message.id)!;
    expect(tombstone.attachments).toEqual([]);
  });

  it('revokes an upload once the last message carrying it is deleted, links handed out before included, and purges its file', async () => {
    const { media: minutes } = await alice.api.uploadMedia(Buffer.from('minutes of the meeting'), { name: 'minutes.txt', contentType: 'text/plain' });
    const send = () => alice.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: 'minutes', attachments: [{ id: minutes.id }] });
    const first = (await send()).message;
    const second = (await send()).message;
    const link = alice.api.mediaUrl(second.attachments[0].url!);
    const stored = async () => (await filesUnder(path.join(mediaDir, 'objects'))).filter((f) => f.includes(minutes.id));
    expect(await stored()).toHaveLength(1);

    await alice.api.deleteMessage(conversationId, first.id);
    expect((await fetch(link)).status).toBe(200); // the second message still carries it

    await bob.api.request('DELETE', `/v1/conversations/${conversationId}/messages/${second.id}`).catch((err: ChatApiError) => expect(err.status).toBe(403));
    await alice.api.deleteMessage(conversationId, second.id);
    expect((await fetch(link)).status).toBe(404);
    await expect(send()).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });

    await server.app.get(MediaPurge).sweep();
    expect(await stored()).toEqual([]);
    const rows = await server.app.get(DataSource).query(`SELECT 1 FROM media WHERE id = $1 UNION ALL SELECT 1 FROM message_media WHERE media_id = $1`, [minutes.id]);
    expect(rows).toEqual([]);
  });
});

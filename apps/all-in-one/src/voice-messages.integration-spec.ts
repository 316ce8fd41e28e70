import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import type { Attachment, Message, TenantExportRecord } from '@chat/contracts';
import { ChatApi, ChatApiError, type RealtimeClient } from '@chat/sdk';
import { connect, eventually, makeMovie, makeOggOpus, makePng, makeWebmOpus, record, signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const VOICE_MAX_SECONDS = 10;

/** An upload as any HTTP client makes it, answering the status and the JSON (error shape included). */
async function upload(server: TestApp, user: TestUser, body: Buffer, type: string, query: string) {
  const res = await fetch(`${server.url}/v1/media?name=note&${query}`, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${user.auth.accessToken}` }, body });
  return { status: res.status, json: (await res.json()) as any };
}

/** The refusal of a call made through the SDK: its status and the contract's error code and message. */
async function refusal(call: Promise<unknown>): Promise<{ status: number; code: string; message: string }> {
  const err = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof ChatApiError)) throw new Error(`expected a refusal, got ${JSON.stringify(err)}`);
  return { status: err.status, code: err.code, message: err.body.message };
}

describe('voice messages', () => {
  let server: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let conversationId: string;
  let bobSocket: RealtimeClient;
  let exportDir: string;
  beforeAll(async () => {
    exportDir = await mkdtemp(path.join(tmpdir(), 'chat-voice-exports-'));
    server = await startTestApp(allInOne, {
      MEDIA_MIN_FREE_BYTES: '0',
      MEDIA_VOICE_MAX_SECONDS: String(VOICE_MAX_SECONDS),
      ADMIN_USERNAMES: 'voice_admin',
      EXPORT_DIR: path.join(exportDir, 'exports'),
      EXPORT_POLL_INTERVAL_MS: '200',
    });
    [alice, bob] = await Promise.all(['alice', 'bob'].map((n) => signUp(server.url, n)));
    conversationId = (await alice.api.createConversation({ type: 'group', name: 'voices', memberIds: [bob.id] })).conversation.id;
    bobSocket = await connect(server.url, bob.auth.accessToken);
    await bobSocket.request('conversation.join', { conversationId });
  });
  afterAll(async () => {
    bobSocket?.close();
    await server?.close();
    if (exportDir) await rm(exportDir, { recursive: true, force: true });
  });

  /** The message records of a tenant export an administrator requested now. */
  async function exportedMessages(): Promise<TenantExportRecord[]> {
    const admin = new ChatApi({ baseUrl: server.url });
    await admin.register('voice_admin', 'Voice Admin', 'password-123');
    const { id } = (await admin.requestTenantExport()).export;
    await eventually(async () => expect((await admin.tenantExport(id)).export.status).toBe('ready'));
    const res = await fetch(`${server.url}/v1/admin/exports/${id}/download`, { headers: { authorization: `Bearer ${admin.accessToken}` } });
    const records = gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as TenantExportRecord);
    return records.filter((r) => r.type === 'message');
  }

  const voiceOf = (message: Message): Attachment => message.attachments[0];

  it('reads a WebM recording’s length from the file (not the declared one) and sends it as a voice message everywhere a member gets it', async () => {
    const webm = makeWebmOpus(7_040, { streamed: true });
    const { media } = await alice.api.uploadMedia(webm, { name: 'voice.webm', contentType: 'audio/webm', durationMs: 9_000 });
    expect(media).toMatchObject({ contentType: 'audio/webm', size: webm.length, durationMs: 7_040 });
    expect(await alice.api.mediaLimits()).toMatchObject({ voiceMaxSeconds: VOICE_MAX_SECONDS });

    const created = record(bobSocket, 'message.created');
    const { message } = await alice.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: 'listen to the plan', attachments: [{ id: media.id, kind: 'voice' }] });
    const expected = { id: media.id, name: 'voice.webm', contentType: 'audio/webm', size: webm.length, kind: 'voice', durationMs: 7_040 };
    expect(voiceOf(message)).toMatchObject({ ...expected, url: expect.stringContaining(`/v1/media/${media.id}/content?`) });
    // Stored (and so exported, and carried by events) with its kind and length, without a link.
    const [stored] = await server.app.get(DataSource).query('SELECT attachments FROM messages WHERE id = $1', [message.id]);
    expect(stored.attachments).toEqual([expected]);

    await created.waitFor(1);
    expect(voiceOf(created.frames[0].message)).toMatchObject(expected);
    expect(voiceOf((await bob.api.history(conversationId)).messages.at(-1)!)).toMatchObject(expected);
    const sync = await bob.api.sync();
    const change = sync.changes.find((c) => c.type === 'message.created' && c.message.id === message.id) as { message: Message };
    expect(voiceOf(change.message)).toMatchObject(expected);
    await eventually(async () => {
      const [hit] = (await bob.api.search({ q: 'plan' })).hits;
      expect(voiceOf(hit.message)).toMatchObject(expected);
    });
    const exported = (await exportedMessages()).find((r) => r.id === message.id);
    expect(exported?.attachments).toEqual([expected]);
    // The link plays: the bytes are the recording, and ranges work (players seek with them).
    const file = await fetch(bob.api.mediaUrl(voiceOf(message).url!), { headers: { range: 'bytes=0-3' } });
    expect(file.status).toBe(206);
    expect(Buffer.from(await file.arrayBuffer()).equals(webm.subarray(0, 4))).toBe(true);
  });

  it('reads an Ogg Opus file’s length; audio without a reader keeps its declared length; plain audio stays a plain attachment', async () => {
    const ogg = (await alice.api.uploadMedia(makeOggOpus(2_500), { name: 'a.ogg', contentType: 'audio/ogg' })).media;
    expect(ogg.durationMs).toBe(2_500);
    // An M4A (Safari records voice as one) has no duration reader: its declared length stands.
    const mp4 = (await alice.api.uploadMedia(makeMovie(), { name: 'safari.m4a', contentType: 'audio/mp4', durationMs: 4_321 })).media;
    expect(mp4.durationMs).toBe(4_321);
    const { message } = await alice.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: '', attachments: [{ id: mp4.id, kind: 'voice' }, { id: ogg.id }] });
    expect(message.attachments).toEqual([
      expect.objectContaining({ id: mp4.id, kind: 'voice', durationMs: 4_321 }),
      expect.objectContaining({ id: ogg.id, contentType: 'audio/ogg', durationMs: 2_500 }),
    ]);
    expect(message.attachments[1].kind).toBeUndefined();
  });

  it('refuses a voice message over MEDIA_VOICE_MAX_SECONDS: 413 at upload for a declared length, 413 at send for a measured one', async () => {
    const declared = await upload(server, alice, Buffer.from('mp4 bytes'), 'audio/mp4', `durationMs=${VOICE_MAX_SECONDS * 1000 + 1}`);
    expect(declared.status).toBe(413);
    expect(declared.json.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'A voice message can be at most 0:10 long', hint: expect.stringContaining('10 seconds'), requestId: expect.any(String) });

    // A long recording is still a fine audio file; only as a voice message is it refused.
    const long = (await alice.api.uploadMedia(makeWebmOpus(12_000), { name: 'long.webm', contentType: 'audio/webm' })).media;
    expect(long.durationMs).toBe(12_000);
    const tooLong = await refusal(alice.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: '', attachments: [{ id: long.id, kind: 'voice' }] }));
    expect(tooLong).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'A voice message can be at most 0:10 long' });
    await alice.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: 'the whole talk', attachments: [{ id: long.id }] });
  });

  it('refuses as a voice message what is not audio of known length, or not an upload (400)', async () => {
    const png = (await alice.api.uploadMedia(await makePng(20, 20), { name: 'a.png', contentType: 'image/png' })).media;
    const unknown = (await alice.api.uploadMedia(Buffer.from('mp3 bytes'), { name: 'a.mp3', contentType: 'audio/mpeg' })).media;
    // A WebM with no blocks: a file, but of no known length (what is not WebM at all is refused at upload, 415).
    const broken = (await alice.api.uploadMedia(makeWebmOpus(0), { name: 'b.webm', contentType: 'audio/webm', durationMs: 3_000 })).media;
    expect(await refusal(alice.api.uploadMedia(Buffer.from('not webm at all'), { name: 'c.webm', contentType: 'audio/webm' }))).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect([unknown.durationMs, broken.durationMs]).toEqual([undefined, undefined]);
    const external = { url: 'https://example.com/a.ogg', name: 'a.ogg', contentType: 'audio/ogg', size: 10, kind: 'voice' as const };
    const cases: [object, string][] = [
      [{ id: png.id, kind: 'voice' }, 'attachments.0.kind a voice message must be audio'],
      [{ id: unknown.id, kind: 'voice' }, 'attachments.0.kind a voice message must be audio whose length is known'],
      [{ id: broken.id, kind: 'voice' }, 'attachments.0.kind a voice message must be audio whose length is known'],
      [external, 'attachments.0.kind only an upload (POST /v1/media) can be a voice message'],
    ];
    for (const [attachment, problem] of cases) {
      const res = await fetch(`${server.url}/v1/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${alice.auth.accessToken}` },
        body: JSON.stringify({ clientMessageId: randomUUID(), body: '', attachments: [attachment] }),
      });
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as any;
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining(problem), requestId: expect.any(String) });
    }
    const unknownKind = await refusal(alice.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: '', attachments: [{ id: unknown.id, kind: 'video' as never }] }));
    expect(unknownKind).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it.each(['abc', '0', '-5', '1.5', '', '1e400'])('refuses a declared duration of %j with 400, keeping nothing', async (value) => {
    const before = Number((await server.app.get(DataSource).query('SELECT count(*) AS n FROM media'))[0].n);
    const res = await upload(server, alice, makeOggOpus(1_000), 'audio/ogg', `durationMs=${encodeURIComponent(value)}`);
    expect(res.status).toBe(400);
    // The value is judged (not the parameter refused as unknown).
    expect(res.json.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/durationMs must /), requestId: expect.any(String) });
    expect(Number((await server.app.get(DataSource).query('SELECT count(*) AS n FROM media'))[0].n)).toBe(before);
  });

  it('takes a duration only for audio (400 for a picture)', async () => {
    const res = await upload(server, alice, await makePng(10, 10), 'image/png', 'durationMs=1000');
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'VALIDATION_FAILED', requestId: expect.any(String) });
    expect(JSON.stringify(res.json.error)).toContain('only audio has a duration');
  });
});

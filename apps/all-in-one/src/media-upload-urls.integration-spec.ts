import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { ChatApi } from '@chat/sdk';
import { eventually, filesUnder, makePng, refusal, signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const MAX_BYTES = 200_000;
const UPLOADS_PER_MINUTE = 4;

/**
 * Seed 003 R16.1, pre-signed uploads: the client asks for an upload URL, then PUTs the file there
 * with no token. The URL allows one file of the declared type and size, as its user, while that
 * login lasts; the upload itself is the ordinary one (limits, quota, previews, stripping).
 */
describe('media: pre-signed upload URLs', () => {
  let server: TestApp;
  let alice: TestUser;
  const putTo = (app: TestApp, url: string, body: Buffer | ReadableStream<Uint8Array>, type: string, headers: Record<string, string> = {}) =>
    fetch(`${app.url}${url}`, { method: 'PUT', headers: { 'content-type': type, ...headers }, body, duplex: 'half' } as RequestInit).then(async (res) => ({ status: res.status, json: (await res.json()) as any }));
  const put = (url: string, body: Buffer, type: string, headers: Record<string, string> = {}) => putTo(server, url, body, type, headers);
  const rowCount = async () => Number((await server.app.get(DataSource).query('SELECT count(*) AS n FROM media'))[0].n);

  beforeAll(async () => {
    server = await startTestApp(allInOne, { MEDIA_MAX_BYTES: String(MAX_BYTES), MEDIA_MIN_FREE_BYTES: '0', RATE_LIMIT_UPLOADS_PER_MINUTE: String(UPLOADS_PER_MINUTE) });
  });
  beforeEach(async () => {
    // A fresh account each time: the upload rate is per user.
    alice = await signUp(server.url, 'alice');
  });
  afterAll(() => server?.close());

  it('stores the file PUT to the URL, without a token, as the user who asked; a retried PUT answers the same file', async () => {
    const png = await makePng(300, 200);
    const issued = await alice.api.createUploadUrl({ name: 'C:\\fakepath\\plan.png', contentType: 'image/png', size: png.length });
    expect(issued).toEqual({ uploadUrl: expect.stringMatching(/^\/v1\/media\/uploads\/[\w-]+\.[\w-]+$/), mediaId: expect.any(String), expiresAt: expect.any(String) });
    expect(Date.parse(issued.expiresAt) - Date.now()).toBeGreaterThan(850_000); // MEDIA_UPLOAD_URL_TTL_SECONDS 900

    const first = await alice.api.uploadToUrl(issued.uploadUrl, png, 'image/png');
    expect(first.status).toBe(201);
    expect(first.data.media).toMatchObject({ id: issued.mediaId, name: 'plan.png', contentType: 'image/png', size: png.length, thumbnailUrl: expect.any(String) });
    const served = await fetch(alice.api.mediaUrl(first.data.media.url));
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);

    const again = await put(issued.uploadUrl, png, 'image/png');
    expect(again).toMatchObject({ status: 200, json: { media: { id: issued.mediaId, size: png.length } } });
    // The upload is Alice's: she can send it, nobody else can.
    const { conversation } = await alice.api.createConversation({ type: 'channel', name: `uploads-${randomUUID().slice(0, 8)}` });
    const { message } = await alice.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'plan', attachments: [{ id: issued.mediaId }] });
    expect(message.attachments[0]).toMatchObject({ id: issued.mediaId, name: 'plan.png' });
    const bob = await signUp(server.url, 'bob');
    const { conversation: bobs } = await bob.api.createConversation({ type: 'channel', name: `bob-${randomUUID().slice(0, 8)}` });
    expect(await refusal(bob.api.sendMessage(bobs.id, { clientMessageId: randomUUID(), body: 'mine?', attachments: [{ id: issued.mediaId }] }))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('refuses, before issuing, what an upload would refuse: type, size, name, duration, and past the upload rate', async () => {
    expect(await refusal(alice.api.createUploadUrl({ name: 'page.html', contentType: 'text/html', size: 10 }))).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(await refusal(alice.api.createUploadUrl({ name: 'big.png', contentType: 'image/png', size: MAX_BYTES + 1 }))).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(await refusal(alice.api.createUploadUrl({ name: '..', contentType: 'image/png', size: 10 }))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await refusal(alice.api.createUploadUrl({ name: 'x.png', contentType: 'image/png', size: 10, durationMs: 5 }))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await refusal(alice.api.createUploadUrl({ name: 'x.png', contentType: 'image/png', size: 0 }))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await refusal(new ChatApi({ baseUrl: server.url }).createUploadUrl({ name: 'x.png', contentType: 'image/png', size: 10 }))).toMatchObject({ status: 401 });
    // The refusals above spent the rate too (it is spent before the terms are read), as uploads do.
    expect(await refusal(alice.api.createUploadUrl({ name: 'x.png', contentType: 'image/png', size: 10 }))).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
  });

  it('holds the PUT to the terms: the type, at most the size, a URL of ours; nothing is stored, and the URL still works after a refusal', async () => {
    const png = await makePng(100, 100);
    const { uploadUrl } = await alice.api.createUploadUrl({ name: 'small.png', contentType: 'image/png', size: png.length });
    const before = await rowCount();
    expect(await put(uploadUrl, png, 'image/jpeg')).toMatchObject({ status: 415, json: { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'This upload link is for a file of type image/png' } } });
    const bigger = Buffer.concat([png, Buffer.alloc(10)]);
    expect(await put(uploadUrl, bigger, 'image/png')).toMatchObject({ status: 413, json: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
    const [payload, sig] = uploadUrl.slice('/v1/media/uploads/'.length).split('.');
    const widened = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), size: MAX_BYTES })).toString('base64url');
    expect(await put(`/v1/media/uploads/${widened}.${sig}`, bigger, 'image/png')).toMatchObject({ status: 403, json: { error: { code: 'MEDIA_LINK_INVALID' } } });
    expect(await rowCount()).toBe(before);
    expect((await put(uploadUrl, png, 'image/png')).status).toBe(201);
  });

  it('spends one of the URL’s user’s RATE_LIMIT_UPLOADS_PER_MINUTE on every PUT, refused ones included', async () => {
    const png = await makePng(20, 20);
    const { uploadUrl } = await alice.api.createUploadUrl({ name: 'often.png', contentType: 'image/png', size: png.length });
    const before = await rowCount();
    for (let i = 1; i < UPLOADS_PER_MINUTE; i++) expect((await put(uploadUrl, png, 'image/jpeg')).status).toBe(415);
    expect(await put(uploadUrl, png, 'image/png')).toMatchObject({ status: 429, json: { error: { code: 'RATE_LIMITED' } } });
    expect(await rowCount()).toBe(before);
    // Alice's own uploads share that rate.
    expect(await refusal(alice.api.uploadMedia(png, { name: 'direct.png', contentType: 'image/png' }))).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
  });

  it('stores one file when two PUTs to one URL race', async () => {
    const png = await makePng(400, 400);
    const { uploadUrl, mediaId } = await alice.api.createUploadUrl({ name: 'twice.png', contentType: 'image/png', size: png.length });
    const before = await rowCount();
    const answers = await Promise.all([put(uploadUrl, png, 'image/png'), put(uploadUrl, png, 'image/png')]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    expect(answers.map((a) => a.json.media.id)).toEqual([mediaId, mediaId]);
    expect(await rowCount()).toBe(before + 1);
  });

  it('stores one file when two PUTs to one URL race on two media replicas: the first row wins, the other attempt leaves nothing behind', async () => {
    // A second replica on the same database and media volume: neither sees the other's PUT in memory.
    const replica = await startTestApp(allInOne, { DATABASE_URL: server.databaseUrl, MEDIA_DIR: server.config.media.dir, MEDIA_MIN_FREE_BYTES: '0' });
    try {
      const db = server.app.get(DataSource);
      const png = await makePng(400, 400);
      const { uploadUrl, mediaId } = await alice.api.createUploadUrl({ name: 'retried.png', contentType: 'image/png', size: png.length });
      // The first PUT sends half the file, then stalls (a client whose answer is lost while it still streams)…
      const half = Math.floor(png.length / 2);
      let rest!: () => void;
      const stalled = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(png.subarray(0, half));
          rest = () => {
            controller.enqueue(png.subarray(half));
            controller.close();
          };
        },
      });
      const first = putTo(server, uploadUrl, stalled, 'image/png');
      await eventually(async () => expect((await db.query(`SELECT 1 FROM media_uploads WHERE storage_key LIKE $1`, [`%/${mediaId}%`])).length).toBe(1));
      // …the client retries on the other replica, which stores the whole file first…
      const retried = await putTo(replica, uploadUrl, png, 'image/png');
      expect(retried).toMatchObject({ status: 201, json: { media: { id: mediaId } } });
      // …and then the first PUT's bytes arrive: it answers the stored file, like any repeat.
      rest();
      expect(await first).toMatchObject({ status: 200, json: { media: { id: mediaId, size: png.length } } });

      const rows = await db.query(`SELECT storage_key AS "storageKey", thumbnail_key AS "thumbnailKey" FROM media WHERE id = $1`, [mediaId]);
      expect(rows).toHaveLength(1);
      const served = await fetch(alice.api.mediaUrl(retried.json.media.url));
      expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
      const objectsOfIt = (await filesUnder(path.join(server.config.media.dir, 'objects'))).filter((f) => f.includes(mediaId));
      expect(objectsOfIt.sort()).toEqual([rows[0].storageKey, rows[0].thumbnailKey].sort());
    } finally {
      await replica.close();
    }
  });

  it('dies with the login it was issued to', async () => {
    const png = await makePng(50, 50);
    const { uploadUrl } = await alice.api.createUploadUrl({ name: 'late.png', contentType: 'image/png', size: png.length });
    await alice.api.logout();
    expect(await put(uploadUrl, png, 'image/png')).toMatchObject({ status: 401, json: { error: { code: 'TOKEN_REVOKED' } } });
  });
});

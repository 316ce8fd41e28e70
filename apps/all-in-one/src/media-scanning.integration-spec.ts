import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { QuarantinedMedia } from '@chat/contracts';
import { MEDIA_STORAGE, MediaPurge, type MediaStorage } from '@chat/media';
import { ChatApi, ChatApiError } from '@chat/sdk';
import { EICAR, EICAR_SIGNATURE, connect, eventually, filesUnder, pauseProcess, record, refusal, signUp, startClamd, startTestApp, uniqueName, type Clamd, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const STREAM_MAX_BYTES = 1024 * 1024;
const SCAN_TIMEOUT_MS = 1500;
const HELD_PER_UPLOADER = 3;

/** A real clamd (EICAR signature only) scans every upload: MEDIA_SCAN_CLAMD, MEDIA_SCAN_TIMEOUT_MS; what it refuses is quarantined. */
describe('media: malware scanning with clamd', () => {
  const adminName = uniqueName('root');
  let clamd: Clamd;
  let server: TestApp;
  let dir: string;
  let alice: TestUser;
  let admin: ChatApi;
  const env = () => ({
    MEDIA_MIN_FREE_BYTES: '0',
    MEDIA_MAX_BYTES: String(4 * STREAM_MAX_BYTES),
    MEDIA_SCAN_CLAMD: clamd.address,
    MEDIA_SCAN_MAX_BYTES: String(STREAM_MAX_BYTES),
    MEDIA_SCAN_TIMEOUT_MS: String(SCAN_TIMEOUT_MS),
    MEDIA_QUARANTINE_PAGE_MAX_LIMIT: '2',
    MEDIA_QUARANTINE_MAX_PER_UPLOADER: String(HELD_PER_UPLOADER),
    MEDIA_QUARANTINE_PAGE_DEFAULT_LIMIT: '2',
    ADMIN_USERNAMES: adminName,
  });
  beforeAll(async () => {
    clamd = await startClamd({ streamMaxBytes: STREAM_MAX_BYTES });
    server = await startTestApp(allInOne, env());
    dir = server.config.media.dir;
    alice = await signUp(server.url, 'alice');
    admin = new ChatApi({ baseUrl: server.url });
    await admin.register(adminName, 'Root', 'password-123');
  });
  afterAll(async () => {
    await server?.close();
    await clamd?.stop();
  });

  const rowCount = async () => Number((await server.app.get(DataSource).query('SELECT count(*) AS n FROM media'))[0].n);
  const uploadsCounted = async (outcome: string) => {
    const line = (await (await fetch(`${server.url}/metrics`)).text()).split('\n').find((l) => l.startsWith(`chat_media_uploads_total{outcome="${outcome}"}`));
    return line ? Number(line.split(' ').pop()) : 0;
  };
  const upload = async (body: Buffer, contentType = 'text/plain') => {
    const res = await fetch(`${server.url}/v1/media?name=file.txt`, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${alice.auth.accessToken}` }, body });
    return { status: res.status, json: (await res.json()) as any };
  };
  /** The upload is answered `status` with `code`, and leaves no row, no object and no part file behind. */
  const refusedLeavingNothing = async (body: Buffer, status: number, code: string) => {
    const rows = await rowCount();
    const objects = await filesUnder(path.join(dir, 'objects'));
    const answer = await upload(body);
    expect(answer).toMatchObject({ status, json: { error: { code } } });
    expect(await rowCount()).toBe(rows);
    expect(await filesUnder(path.join(dir, 'objects'))).toEqual(objects);
    expect(await filesUnder(path.join(dir, 'parts'))).toEqual([]);
    return answer.json.error;
  };

  it('stores a clean upload once clamd has scanned it', async () => {
    const { media } = await alice.api.uploadMedia(Buffer.from('meeting notes: nothing to see'), { name: 'notes.txt', contentType: 'text/plain' });
    expect(media.size).toBe(29);
    expect(await (await fetch(alice.api.mediaUrl(media.url))).text()).toBe('meeting notes: nothing to see');
  });

  it('refuses the EICAR file with 422 MEDIA_INFECTED, holds it in quarantine out of reach, tells the administrators and counts it', async () => {
    const before = await uploadsCounted('infected');
    const adminSocket = await connect(server.url, admin.accessToken!);
    const told = record(adminSocket, 'media.quarantined');
    try {
      const rows = await rowCount();
      const objects = await filesUnder(path.join(dir, 'objects'));
      const answer = await upload(Buffer.from(EICAR));
      expect(answer).toMatchObject({ status: 422, json: { error: { code: 'MEDIA_INFECTED', message: `The file was refused by the malware scan (${EICAR_SIGNATURE}.UNOFFICIAL)` } } });
      expect(await uploadsCounted('infected')).toBe(before + 1);
      // No media row (nothing serves it, nothing counts it against the quota); its object kept aside; no part file.
      expect(await rowCount()).toBe(rows);
      expect((await filesUnder(path.join(dir, 'objects'))).length).toBe(objects.length + 1);
      expect(await filesUnder(path.join(dir, 'parts'))).toEqual([]);

      const held: QuarantinedMedia = { id: expect.any(String), uploaderId: alice.id, uploaderName: alice.auth.user.displayName, name: 'file.txt', contentType: 'text/plain', size: EICAR.length, signature: `${EICAR_SIGNATURE}.UNOFFICIAL`, quarantinedAt: expect.any(String) };
      await told.waitFor(1);
      expect(told.frames[0]).toMatchObject({ quarantined: held });
      expect(await admin.request('GET', '/v1/media/quarantine')).toMatchObject({ data: { quarantined: [held], hasMore: false } });
      const [audited] = await server.app.get(DataSource).query(`SELECT actor_id, outcome, error_code, details FROM audit_log WHERE action = 'media.quarantine'`);
      expect(audited).toMatchObject({ actor_id: alice.id, outcome: 'failure', error_code: 'MEDIA_INFECTED', details: { signature: held.signature, mediaId: told.frames[0].quarantined.id } });
    } finally {
      adminSocket.close();
    }
  });

  it('lets only administrators page through and delete the quarantine, a page at most MEDIA_QUARANTINE_PAGE_MAX_LIMIT', async () => {
    for (let i = 0; i < 2; i++) expect((await upload(Buffer.from(EICAR))).status).toBe(422);
    expect(await refusal(alice.api.request('GET', '/v1/media/quarantine'))).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await refusal(admin.request('GET', '/v1/media/quarantine?limit=3'))).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: [{ field: 'limit' }] } });

    const first = (await admin.request<{ quarantined: QuarantinedMedia[]; hasMore: boolean }>('GET', '/v1/media/quarantine')).data;
    expect(first).toMatchObject({ hasMore: true });
    const rest = (await admin.request<{ quarantined: QuarantinedMedia[]; hasMore: boolean }>('GET', `/v1/media/quarantine?before=${first.quarantined[1].id}`)).data;
    const all = [...first.quarantined, ...rest.quarantined];
    expect(all.map((q) => q.id)).toEqual(all.map((q) => q.id).sort().reverse());
    expect(all.length).toBeGreaterThanOrEqual(3);

    const objects = await filesUnder(path.join(dir, 'objects'));
    expect(await refusal(alice.api.request('DELETE', `/v1/media/quarantine/${all[0].id}`))).toMatchObject({ status: 403 });
    expect((await admin.request('DELETE', `/v1/media/quarantine/${all[0].id}`)).status).toBe(204);
    expect((await filesUnder(path.join(dir, 'objects'))).length).toBe(objects.length - 1);
    expect(await refusal(admin.request('DELETE', `/v1/media/quarantine/${all[0].id}`))).toMatchObject({ status: 404, body: { code: 'MEDIA_NOT_FOUND' } });

    // What is held past MEDIA_QUARANTINE_DAYS goes with the purge's next pass, object and entry.
    const db = server.app.get(DataSource);
    await db.query(`UPDATE media_quarantine SET quarantined_at = now() - make_interval(days => $1) WHERE id = $2`, [server.config.media.quarantineDays + 1, all[1].id]);
    await server.app.get(MediaPurge).sweep();
    expect((await filesUnder(path.join(dir, 'objects'))).length).toBe(objects.length - 2);
    const left = (await db.query(`SELECT id FROM media_quarantine`)).map((r: { id: string }) => r.id);
    expect(left).not.toContain(all[1].id);
    expect(left).toContain(all[2].id);
  });

  it('refuses a held pre-signed upload sent again, keeping the held bytes under its key', async () => {
    const { uploadUrl, mediaId } = await alice.api.createUploadUrl({ name: 'again.txt', contentType: 'text/plain', size: 1000 });
    expect(await refusal(alice.api.uploadToUrl(uploadUrl, Buffer.from(EICAR), 'text/plain'))).toMatchObject({ status: 422, body: { code: 'MEDIA_INFECTED' } });
    const heldObject = async () => readFile(path.join(dir, 'objects', (await filesUnder(path.join(dir, 'objects'))).find((f) => f.includes(mediaId))!), 'utf8');
    expect(await heldObject()).toBe(EICAR);

    const again = await refusal(alice.api.uploadToUrl(uploadUrl, Buffer.from('clean this time'), 'text/plain'));
    expect(again).toMatchObject({ status: 422, body: { code: 'MEDIA_INFECTED', message: `The file was refused by the malware scan (${EICAR_SIGNATURE}.UNOFFICIAL)` } });
    expect(await heldObject()).toBe(EICAR);
    expect((await server.app.get(DataSource).query(`SELECT id FROM media WHERE id = $1`, [mediaId])).length).toBe(0);
  });

  it('holds one of two infected PUTs to one URL racing on two media replicas, and removes the other’s object', async () => {
    // A second replica on the same database and media volume: neither sees the other's PUT in memory.
    const replica = await startTestApp(allInOne, { ...env(), DATABASE_URL: server.databaseUrl, MEDIA_DIR: dir });
    try {
      const db = server.app.get(DataSource);
      // An uploader of its own, far from MEDIA_QUARANTINE_MAX_PER_UPLOADER.
      const carol = await signUp(server.url, 'carol');
      const { uploadUrl, mediaId } = await carol.api.createUploadUrl({ name: 'twice.txt', contentType: 'text/plain', size: EICAR.length });
      const putTo = (app: TestApp, body: string | ReadableStream<Uint8Array>) =>
        fetch(`${app.url}${uploadUrl}`, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body, duplex: 'half' } as RequestInit).then(async (res) => ({ status: res.status, json: (await res.json()) as any }));
      // The first PUT stalls half-way, after the check for a held id; the retry on the other replica is held meanwhile.
      let rest!: () => void;
      const stalled = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(Buffer.from(EICAR.slice(0, 30)));
          rest = () => {
            controller.enqueue(Buffer.from(EICAR.slice(30)));
            controller.close();
          };
        },
      });
      const first = putTo(server, stalled);
      await eventually(async () => expect((await db.query(`SELECT 1 FROM media_uploads WHERE storage_key LIKE $1`, [`%/${mediaId}%`])).length).toBe(1));
      expect(await putTo(replica, EICAR)).toMatchObject({ status: 422, json: { error: { code: 'MEDIA_INFECTED' } } });
      rest();
      expect(await first).toMatchObject({ status: 422, json: { error: { code: 'MEDIA_INFECTED' } } });

      const held = await db.query(`SELECT storage_key AS "storageKey" FROM media_quarantine WHERE id = $1`, [mediaId]);
      expect(held).toHaveLength(1);
      expect((await filesUnder(path.join(dir, 'objects'))).filter((f) => f.includes(mediaId))).toEqual([held[0].storageKey]);
      expect(await readFile(path.join(dir, 'objects', held[0].storageKey), 'utf8')).toBe(EICAR);
    } finally {
      await replica.close();
    }
  });

  it('holds at most MEDIA_QUARANTINE_MAX_PER_UPLOADER of one uploader’s, removing further refused uploads as they come', async () => {
    const db = server.app.get(DataSource);
    const heldOfAlice = async () => Number((await db.query(`SELECT count(*) AS n FROM media_quarantine WHERE uploader_id = $1`, [alice.id]))[0].n);
    while ((await heldOfAlice()) < HELD_PER_UPLOADER) expect((await upload(Buffer.from(EICAR))).status).toBe(422);
    const error = await refusedLeavingNothing(Buffer.from(EICAR), 422, 'MEDIA_INFECTED');
    expect(error.message).toBe(`The file was refused by the malware scan (${EICAR_SIGNATURE}.UNOFFICIAL)`);
    expect(await heldOfAlice()).toBe(HELD_PER_UPLOADER);
  });

  it('removes a deleted account’s quarantined uploads with the purge’s next pass, as its other uploads', async () => {
    const leaving = await signUp(server.url, 'leaving');
    expect(await refusal(leaving.api.uploadMedia(Buffer.from(EICAR), { name: 'mine.txt', contentType: 'text/plain' }))).toMatchObject({ status: 422 });
    const { quarantined } = await admin.mediaQuarantine();
    const theirs = quarantined.find((q) => q.uploaderId === leaving.id)!;
    expect(theirs).toMatchObject({ name: 'mine.txt', uploaderName: leaving.auth.user.displayName });
    const objects = await filesUnder(path.join(dir, 'objects'));

    await leaving.api.deleteAccount('password-123');
    await server.app.get(MediaPurge).sweep();
    expect((await filesUnder(path.join(dir, 'objects'))).length).toBe(objects.length - 1);
    expect((await server.app.get(DataSource).query(`SELECT id FROM media_quarantine WHERE id = $1`, [theirs.id])).length).toBe(0);
  });

  it('takes no upload longer than clamd scans (MEDIA_SCAN_MAX_BYTES, its StreamMaxLength), and tells clients so', async () => {
    const error = await refusedLeavingNothing(Buffer.alloc(STREAM_MAX_BYTES + 1, 'a'), 413, 'PAYLOAD_TOO_LARGE');
    expect(error.message).toBe('The file is larger than the 1 MB upload limit');
    expect((await alice.api.mediaLimits()).maxBytes).toBe(STREAM_MAX_BYTES);
    // Exactly StreamMaxLength is still scanned and kept.
    expect((await upload(Buffer.alloc(STREAM_MAX_BYTES, 'a'))).status).toBe(201);
  });

  it('refuses, never keeps unscanned, a file past clamd’s StreamMaxLength when MEDIA_SCAN_MAX_BYTES is set above it', async () => {
    const misconfigured = await startTestApp(allInOne, { MEDIA_DIR: dir, MEDIA_MIN_FREE_BYTES: '0', MEDIA_MAX_BYTES: String(4 * STREAM_MAX_BYTES), MEDIA_SCAN_CLAMD: clamd.address, MEDIA_SCAN_MAX_BYTES: String(4 * STREAM_MAX_BYTES) });
    try {
      const bob = await signUp(misconfigured.url, 'bob');
      const rows = await rowCount();
      const objects = await filesUnder(path.join(dir, 'objects'));
      // clamd answers "INSTREAM size limit exceeded" and hangs up; which one the server sees first is a race on the socket.
      for (let i = 0; i < 3; i++) {
        const err = await bob.api.uploadMedia(Buffer.alloc(2 * STREAM_MAX_BYTES, 'a'), { name: 'big.txt', contentType: 'text/plain' }).catch((e) => e);
        expect(err).toBeInstanceOf(ChatApiError);
        expect([413, 503]).toContain(err.status);
      }
      expect(await rowCount()).toBe(rows);
      expect(await filesUnder(path.join(dir, 'objects'))).toEqual(objects);
      expect(await filesUnder(path.join(dir, 'parts'))).toEqual([]);
    } finally {
      await misconfigured.close();
    }
  });

  it('fails closed with 503 when clamd does not answer within MEDIA_SCAN_TIMEOUT_MS, and again once it is gone', async () => {
    const before = await uploadsCounted('scan_failed');
    await pauseProcess(clamd.process); // the connection is accepted by the kernel, but no answer comes
    try {
      const started = Date.now();
      const error = await refusedLeavingNothing(Buffer.from('hello'), 503, 'SERVICE_UNAVAILABLE');
      expect(Date.now() - started).toBeGreaterThanOrEqual(SCAN_TIMEOUT_MS - 50);
      expect(error.message).toBe('Files cannot be checked for malware right now, so uploads are paused');
    } finally {
      clamd.process.kill('SIGCONT');
    }
    expect((await upload(Buffer.from('hello again'))).status).toBe(201);

    await clamd.stop();
    // The stored file read for the scan is closed though the scan never got to read it.
    const read = jest.spyOn(server.app.get<MediaStorage>(MEDIA_STORAGE), 'read');
    try {
      await refusedLeavingNothing(Buffer.from('hello'), 503, 'SERVICE_UNAVAILABLE');
      expect(read.mock.results.map((r) => (r.value as Readable).destroyed)).toEqual([true]);
    } finally {
      read.mockRestore();
    }
    expect(await uploadsCounted('scan_failed')).toBe(before + 2);
    // Text messaging does not depend on the scanner.
    const { conversation } = await alice.api.createConversation({ type: 'channel', name: 'no-scanner-needed' });
    expect((await alice.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'still here' })).message.body).toBe('still here');
  });
});

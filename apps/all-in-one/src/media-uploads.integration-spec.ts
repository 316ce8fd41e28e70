import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import path from 'node:path';
import type { Readable } from 'node:stream';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { DEFAULT_MEDIA_TYPES } from '@chat/platform';
import { MEDIA_STORAGE, MediaUrlSigner, type MediaStorage } from '@chat/media';
import { eventually, filesUnder, makeMovie, makePng, MOVIE_SECRETS, signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const MAX_BYTES = 200_000;
const URL_SECRET = 'media-link-secret-of-this-spec-0123456789';

/** Uploads the way any HTTP client can: raw bytes, Content-Type, `?name=`; chunked when given a stream. */
async function upload(baseUrl: string, token: string | null, body: Buffer, type: string, options: { name?: string; chunked?: boolean } = {}) {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < body.length; i += 16_384) controller.enqueue(body.subarray(i, i + 16_384));
      controller.close();
    },
  });
  const query = options.name === undefined ? '?name=file.bin' : options.name ? `?name=${encodeURIComponent(options.name)}` : '';
  const res = await fetch(`${baseUrl}/v1/media${query}`, {
    method: 'POST',
    headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: options.chunked ? stream : body,
    ...(options.chunked ? { duplex: 'half' } : {}),
  } as RequestInit);
  return { status: res.status, json: (await res.json()) as any };
}

/** An Ogg file whose stream is Vorbis, not Opus (the duration reader stops at its first page), padded past one read of a stored file's stream. */
function oggVorbis(): Buffer {
  const identification = Buffer.concat([Buffer.from('\x01vorbis', 'latin1'), Buffer.alloc(23)]);
  const page = Buffer.alloc(28);
  page.write('OggS', 0, 'latin1');
  page.writeUInt8(0x02, 5); // beginning of stream
  page.writeUInt8(1, 26); // one segment…
  page.writeUInt8(identification.length, 27); // …of the identification header
  return Buffer.concat([page, identification, Buffer.alloc(150_000)]);
}

describe('media: uploads and signed downloads', () => {
  let server: TestApp;
  let dir: string;
  let alice: TestUser;
  beforeAll(async () => {
    server = await startTestApp(allInOne, {
      MEDIA_MAX_BYTES: String(MAX_BYTES),
      MEDIA_THUMBNAIL_PX: '64',
      MEDIA_MIN_FREE_BYTES: '0',
      MEDIA_URL_TTL_SECONDS: '600',
      MEDIA_URL_SECRET: URL_SECRET,
    });
    dir = server.config.media.dir;
    alice = await signUp(server.url, 'alice');
  });
  afterAll(() => server?.close());

  const rowCount = async () => Number((await server.app.get(DataSource).query('SELECT count(*) AS n FROM media'))[0].n);
  const get = (link: string, headers: Record<string, string> = {}, method = 'GET') => fetch(`${server.url}${link}`, { headers, method });

  it('stores an image in MEDIA_DIR and serves it inline, and a WebP preview of at most MEDIA_THUMBNAIL_PX', async () => {
    const png = await makePng(400, 300);
    const { media } = await alice.api.uploadMedia(png, { name: 'C:\\fakepath\\été.png', contentType: 'image/png' });
    expect(media).toMatchObject({ id: expect.any(String), name: 'été.png', contentType: 'image/png', size: png.length });
    expect(media.url).toMatch(new RegExp(`^/v1/media/${media.id}/content\\?expires=\\d+&sig=[\\w-]+$`));
    expect(media.thumbnailUrl).toBe(media.url.replace('/content?', '/thumbnail?'));
    expect(await filesUnder(path.join(dir, 'objects'))).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`/${media.id}$`)), expect.stringMatching(new RegExp(`/${media.id}\\.preview\\.webp$`))]));
    expect(await filesUnder(path.join(dir, 'parts'))).toEqual([]);

    const res = await get(media.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-length')).toBe(String(png.length));
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="_t_.png"; filename*=UTF-8''%C3%A9t%C3%A9.png`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);

    const preview = await get(media.thumbnailUrl!);
    expect(preview.headers.get('content-type')).toBe('image/webp');
    const info = await sharp(Buffer.from(await preview.arrayBuffer())).metadata();
    expect(info).toMatchObject({ format: 'webp', width: 64, height: 48 });

    const head = await get(media.url, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(png.length));
  });

  it('serves other files as attachments, with single byte ranges and 416 past the end', async () => {
    const text = Buffer.from('0123456789'.repeat(100));
    const { media } = await alice.api.uploadMedia(text, { name: 'notes "v2".txt', contentType: 'text/plain; charset=utf-8' });
    expect(media).toMatchObject({ contentType: 'text/plain', size: 1000 });
    expect(media.thumbnailUrl).toBeUndefined();
    const whole = await get(media.url);
    expect(whole.headers.get('content-disposition')).toBe(`attachment; filename="notes _v2_.txt"; filename*=UTF-8''notes%20%22v2%22.txt`);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    const part = await get(media.url, { range: 'bytes=10-19' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 10-19/1000');
    expect(part.headers.get('content-length')).toBe('10');
    expect(await part.text()).toBe('0123456789');
    const past = await get(media.url, { range: 'bytes=5000-' });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('bytes */1000');
    expect(((await past.json()) as any).error.code).toBe('RANGE_NOT_SATISFIABLE');
    const noPreview = await get(media.url.replace('/content?', '/thumbnail?'));
    expect(noPreview.status).toBe(404);
  });

  it.each([
    ['declaring its length', false],
    ['streamed without a length', true],
  ])('refuses a file over MEDIA_MAX_BYTES with 413 (%s), keeping neither row nor file', async (_, chunked) => {
    const rowsBefore = await rowCount();
    const objectsBefore = await filesUnder(path.join(dir, 'objects'));
    const { status, json } = await upload(server.url, alice.auth.accessToken, Buffer.alloc(MAX_BYTES + 50_000, 1), 'application/pdf', { chunked });
    expect(status).toBe(413);
    expect(json.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'The file is larger than the 195.3 KB upload limit', hint: expect.stringContaining(`${MAX_BYTES} bytes`) });
    expect(await rowCount()).toBe(rowsBefore);
    expect(await filesUnder(path.join(dir, 'objects'))).toEqual(objectsBefore);
    expect(await filesUnder(path.join(dir, 'parts'))).toEqual([]);
    // Exactly the limit is fine.
    expect((await upload(server.url, alice.auth.accessToken, Buffer.alloc(MAX_BYTES, 1), 'application/pdf', { chunked })).status).toBe(201);
  });

  it('leaves no row and no file when the client goes away mid-upload', async () => {
    const rowsBefore = await rowCount();
    const objectsBefore = await filesUnder(path.join(dir, 'objects'));
    const req = request(`${server.url}/v1/media?name=voice.ogg`, { method: 'POST', headers: { 'content-type': 'audio/ogg', authorization: `Bearer ${alice.auth.accessToken}`, 'transfer-encoding': 'chunked' } });
    req.on('error', () => undefined);
    try {
      req.write(Buffer.alloc(50_000, 7));
      await eventually(async () => expect(await filesUnder(path.join(dir, 'parts'))).toHaveLength(1));
    } finally {
      req.destroy();
    }
    await eventually(async () => expect(await filesUnder(path.join(dir, 'parts'))).toEqual([]));
    expect(await rowCount()).toBe(rowsBefore);
    expect(await filesUnder(path.join(dir, 'objects'))).toEqual(objectsBefore);
    // The server is still fine for the next upload.
    expect((await upload(server.url, alice.auth.accessToken, Buffer.from('ok'), 'audio/ogg')).status).toBe(201);
  });

  it('reads and drops the rest of a refused body of at most twice MEDIA_MAX_BYTES, keeping the connection (a reset could lose the 413); a larger one closes it', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await postOver(agent, Buffer.alloc(2 * MAX_BYTES, 1), 'application/pdf');
      expect(refused).toMatchObject({ status: 413, connection: 'keep-alive', reusedSocket: false });
      expect(JSON.parse(refused.body).error.code).toBe('PAYLOAD_TOO_LARGE');
      // The same connection carries the next upload: the refused body's rest was read to its end.
      expect(await postOver(agent, Buffer.from('ok'), 'text/plain')).toMatchObject({ status: 201, reusedSocket: true });
      expect(await postOver(agent, Buffer.alloc(2 * MAX_BYTES + 1, 1), 'application/pdf')).toMatchObject({ status: 413, connection: 'close' });
    } finally {
      agent.destroy();
    }

    /** One upload over `agent`, its whole body written; what came back and whether the connection was one used before. */
    function postOver(over: Agent, body: Buffer, type: string) {
      return new Promise<{ status?: number; connection?: string; body: string; reusedSocket: boolean }>((resolve, reject) => {
        const req = request(`${server.url}/v1/media?name=file.bin`, { method: 'POST', agent: over, headers: { 'content-type': type, 'content-length': body.length, authorization: `Bearer ${alice.auth.accessToken}` } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode, connection: res.headers.connection, body: Buffer.concat(chunks).toString(), reusedSocket: req.reusedSocket }));
        });
        req.on('error', reject);
        req.end(body);
      });
    }
  });

  it('closes the stored file’s streams it reads, also when a reader stops early (an Ogg file that is not Opus)', async () => {
    const read = jest.spyOn(server.app.get<MediaStorage>(MEDIA_STORAGE), 'read');
    try {
      const { status, json } = await upload(server.url, alice.auth.accessToken, oggVorbis(), 'audio/ogg');
      expect(status).toBe(201);
      expect(json.media.durationMs).toBeUndefined();
      expect(read.mock.results.map((r) => (r.value as Readable).destroyed)).toEqual([true]);
    } finally {
      read.mockRestore();
    }
  });

  it('answers a storage failing mid-body as the server’s error (500), not as the client’s interrupted upload', async () => {
    const put = jest.spyOn(server.app.get<MediaStorage>(MEDIA_STORAGE), 'put').mockImplementationOnce(async (_key, source) => {
      for await (const _chunk of source) break; // a first write, then the disk fails
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    try {
      const { status, json } = await upload(server.url, alice.auth.accessToken, Buffer.alloc(150_000, 1), 'application/pdf', { chunked: true });
      expect(put).toHaveBeenCalled();
      expect({ status, code: json.error.code }).toEqual({ status: 500, code: 'INTERNAL' });
    } finally {
      put.mockRestore();
    }
  });

  it('refuses types off MEDIA_ALLOWED_TYPES and images that are not what they claim (415), storing nothing', async () => {
    const rowsBefore = await rowCount();
    const html = await upload(server.url, alice.auth.accessToken, Buffer.from('<script>alert(1)</script>'), 'text/html');
    expect(html.status).toBe(415);
    expect(html.json.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Files of type text/html cannot be uploaded', hint: expect.stringContaining('image/png') });
    expect((await upload(server.url, alice.auth.accessToken, Buffer.from('x'), '')).status).toBe(415);
    const fake = await upload(server.url, alice.auth.accessToken, Buffer.from('not a png at all'), 'image/png');
    expect(fake.status).toBe(415);
    expect(fake.json.error.message).toBe('The file is not a valid image/png image');
    const jpegAsPng = await upload(server.url, alice.auth.accessToken, await sharp(await makePng(8, 8)).jpeg().toBuffer(), 'image/png');
    expect(jpegAsPng.status).toBe(415);
    const pngAsVideo = await upload(server.url, alice.auth.accessToken, await makePng(8, 8), 'video/mp4');
    expect(pngAsVideo).toMatchObject({ status: 415, json: { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'The file is not a valid video/mp4 file' } } });
    expect(await rowCount()).toBe(rowsBefore);
    expect(await filesUnder(path.join(dir, 'parts'))).toEqual([]);
  });

  it('strips location and camera data from a JPEG original before storing it (MEDIA_STRIP_METADATA), keeping its pixels and orientation', async () => {
    const exif = { IFD0: { Make: 'PhoneCo', Model: 'P-1', Artist: 'Alice Example' }, IFD2: { BodySerialNumber: 'SN-98765' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 3/1' } };
    const photo = await sharp(await makePng(120, 80)).jpeg().withExif(exif).withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(photo).metadata()).exif!.toString('latin1')).toContain('SN-98765');
    const { media } = await alice.api.uploadMedia(photo, { name: 'IMG_0001.jpg', contentType: 'image/jpeg' });

    const res = await get(media.url);
    const served = Buffer.from(await res.arrayBuffer());
    expect(media.size).toBeLessThan(photo.length);
    expect(served.length).toBe(media.size);
    expect(res.headers.get('content-length')).toBe(String(media.size));
    const [object] = (await filesUnder(path.join(dir, 'objects'))).filter((f) => f.endsWith(media.id));
    expect(readFileSync(path.join(dir, 'objects', object)).equals(served)).toBe(true);

    const info = await sharp(served).metadata();
    expect(info.orientation).toBe(6);
    // What is left of Exif is the orientation alone: no GPS IFD, no camera, no serial, no owner.
    expect(info.exif!.toString('latin1')).not.toMatch(/PhoneCo|P-1|Alice|SN-98765/);
    expect(info.exif!.length).toBe(32);
    expect(served.toString('latin1')).not.toMatch(/PhoneCo|SN-98765|Alice/);
    expect((await sharp(served).raw().toBuffer()).equals(await sharp(photo).raw().toBuffer())).toBe(true);
  });

  it('blanks the Exif (GPS position) and XMP items of an AVIF original in place, keeping its size and pixels', async () => {
    const exif = { IFD0: { Artist: 'Alice Example' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1' } };
    const photo = await sharp(await makePng(64, 48)).avif().withExif(exif).withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/">Alice in Paris</x:xmpmeta>').toBuffer();
    for (const secret of ['Alice Example', 'Alice in Paris']) expect(photo.toString('latin1')).toContain(secret);
    const { media } = await alice.api.uploadMedia(photo, { name: 'IMG_0002.avif', contentType: 'image/avif' });

    const served = Buffer.from(await (await get(media.url)).arrayBuffer());
    expect(served.length).toBe(photo.length);
    expect(served.toString('latin1')).not.toMatch(/Alice|xmpmeta/);
    expect((await sharp(served).raw().toBuffer()).equals(await sharp(photo).raw().toBuffer())).toBe(true);
  });

  it('blanks the location, make, model and recording time of a phone video in place, keeping its size and samples', async () => {
    const video = makeMovie({ moovLast: true });
    const { media } = await alice.api.uploadMedia(video, { name: 'VID_0001.mp4', contentType: 'video/mp4' });
    expect(media.size).toBe(video.length);

    const served = Buffer.from(await (await get(media.url)).arrayBuffer());
    expect(served.equals(makeMovie({ moovLast: true, stripped: true }))).toBe(true);
    for (const secret of MOVIE_SECRETS) expect(served.toString('latin1')).not.toContain(secret);
  });

  it('needs a login to upload, a file name, and tells its limits', async () => {
    expect((await upload(server.url, null, Buffer.from('x'), 'text/plain')).json.error.code).toBe('UNAUTHENTICATED');
    const nameless = await upload(server.url, alice.auth.accessToken, Buffer.from('x'), 'text/plain', { name: '' });
    expect(nameless).toMatchObject({ status: 400, json: { error: { code: 'VALIDATION_FAILED' } } });
    expect(await alice.api.mediaLimits()).toEqual({ maxBytes: MAX_BYTES, allowedTypes: DEFAULT_MEDIA_TYPES, voiceMaxSeconds: 300 });
  });

  it('serves only links signed with MEDIA_URL_SECRET for that file and not expired (MEDIA_URL_TTL_SECONDS), else 403', async () => {
    const { media } = await alice.api.uploadMedia(Buffer.from('secret plans'), { name: 'plans.txt', contentType: 'text/plain' });
    const [, id, expires, sig] = /^\/v1\/media\/([\w-]+)\/content\?expires=(\d+)&sig=([\w-]+)$/.exec(media.url)!;
    const now = Math.floor(Date.now() / 1000);
    expect(Number(expires)).toBeGreaterThanOrEqual(now + 600 - 1);
    expect(Number(expires)).toBeLessThanOrEqual(now + 660 + 1);
    const code = async (link: string) => {
      const res = await get(link);
      return res.status === 200 ? 200 : `${res.status} ${((await res.json()) as any).error.code}`;
    };
    const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    expect(await code(`/v1/media/${id}/content?expires=${expires}&sig=${flipped}`)).toBe('403 MEDIA_LINK_INVALID');
    expect(await code(`/v1/media/${id}/content?expires=${Number(expires) + 10}&sig=${sig}`)).toBe('403 MEDIA_LINK_INVALID');
    expect(await code(`/v1/media/${randomUUID()}/content?expires=${expires}&sig=${sig}`)).toBe('403 MEDIA_LINK_INVALID');
    expect(await code(`/v1/media/${id}/content`)).toBe('403 MEDIA_LINK_INVALID');

    const withSecret = new MediaUrlSigner(MediaUrlSigner.keyFrom(URL_SECRET, 'unused'), 600);
    const link = (signer: MediaUrlSigner, at = Date.now()) => signer.url(id, 'content', signer.sign(id, at));
    expect(await code(link(withSecret))).toBe(200);
    expect(await code(link(withSecret, Date.now() - 700_000))).toBe('403 MEDIA_LINK_EXPIRED');
    // Without MEDIA_URL_SECRET the key would come from JWT_SECRET; this app must not take such links.
    expect(await code(link(new MediaUrlSigner(MediaUrlSigner.keyFrom(null, server.config.auth.jwtSecret!), 600)))).toBe('403 MEDIA_LINK_INVALID');
  });
});

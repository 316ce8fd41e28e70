import { randomUUID } from 'node:crypto';
import path from 'node:path';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { ChatApiError } from '@chat/sdk';
import { filesUnder, makePng, signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

async function refusal(work: Promise<unknown>): Promise<{ status: number; code: string; message: string }> {
  const err = await work.then(() => null, (e) => e);
  if (!(err instanceof ChatApiError)) throw new Error(`expected a refusal, got ${err}`);
  return { status: err.status, code: err.code, message: err.body.message };
}

/** A full store refuses uploads clearly (507) and nothing else: text messages go on. */
async function textStillWorks(user: TestUser): Promise<void> {
  const { conversation } = await user.api.createConversation({ type: 'channel', name: `still-${randomUUID().slice(0, 8)}` });
  const { message } = await user.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'text still works' });
  expect((await user.api.history(conversation.id)).messages.map((m) => m.id)).toEqual([message.id]);
}

describe('media: storage limits', () => {
  describe('with MEDIA_QUOTA_BYTES, MEDIA_ALLOWED_TYPES and previews off (MEDIA_THUMBNAIL_PX=0)', () => {
    let server: TestApp;
    let dir: string;
    let user: TestUser;
    beforeAll(async () => {
      server = await startTestApp(allInOne, { MEDIA_QUOTA_BYTES: '3000', MEDIA_ALLOWED_TYPES: 'text/plain,image/*', MEDIA_THUMBNAIL_PX: '0', MEDIA_MIN_FREE_BYTES: '0' });
      dir = server.config.media.dir;
      user = await signUp(server.url, 'quota');
    });
    afterAll(() => server?.close());

    it('lets only one of two concurrent uploads that each fit alone but not together through (507 for the other)', async () => {
      const results = await Promise.allSettled([0, 1].map(() => user.api.uploadMedia(Buffer.alloc(2000, 65), { name: 'a.txt', contentType: 'text/plain' })));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(failed.reason).toMatchObject({ status: 507, code: 'INSUFFICIENT_STORAGE' });
      // The loser's file went with it: one object in the store.
      expect(await filesUnder(path.join(dir, 'objects'))).toHaveLength(1);
      expect(await filesUnder(path.join(dir, 'parts'))).toEqual([]);
    });

    it('refuses an upload past the quota before and while streaming, with a clear 507, and text messaging goes on', async () => {
      expect(await refusal(user.api.uploadMedia(Buffer.alloc(1500, 65), { name: 'b.txt', contentType: 'text/plain' }))).toEqual({
        status: 507,
        code: 'INSUFFICIENT_STORAGE',
        message: 'Your organisation has used all of its file storage',
      });
      const stream = new Blob([Buffer.alloc(1500, 65)]).stream();
      expect(await refusal(user.api.uploadMedia(stream, { name: 'c.txt', contentType: 'text/plain' }))).toMatchObject({ status: 507 });
      expect(Number((await server.app.get(DataSource).query('SELECT count(*) AS n FROM media'))[0].n)).toBe(1);
      await textStillWorks(user);
      // What still fits is taken.
      expect((await user.api.uploadMedia(Buffer.alloc(1000, 65), { name: 'd.txt', contentType: 'text/plain' })).media.size).toBe(1000);
    });

    it('takes only MEDIA_ALLOWED_TYPES', async () => {
      expect(await refusal(user.api.uploadMedia(Buffer.from('%PDF-1.7'), { name: 'x.pdf', contentType: 'application/pdf' }))).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    });

    it('with previews off, serves the image itself as its preview; with MEDIA_STRIP_METADATA=false, the original as uploaded', async () => {
      const other = await startTestApp(allInOne, { MEDIA_THUMBNAIL_PX: '0', MEDIA_MIN_FREE_BYTES: '0', MEDIA_STRIP_METADATA: 'false' });
      try {
        const owner = await signUp(other.url, 'nothumb');
        const png = await makePng(100, 80);
        const { media } = await owner.api.uploadMedia(png, { name: 'p.png', contentType: 'image/png' });
        const preview = await fetch(owner.api.mediaUrl(media.thumbnailUrl!));
        expect(preview.headers.get('content-type')).toBe('image/png');
        expect(Buffer.from(await preview.arrayBuffer()).equals(png)).toBe(true);
        expect((await filesUnder(path.join(other.config.media.dir, 'objects'))).filter((f) => f.endsWith('.webp'))).toEqual([]);

        const photo = await sharp(png).jpeg().withExif({ IFD0: { Artist: 'Alice Example' } }).toBuffer();
        const uploaded = (await owner.api.uploadMedia(photo, { name: 'p.jpg', contentType: 'image/jpeg' })).media;
        expect(uploaded.size).toBe(photo.length);
        expect(Buffer.from(await (await fetch(owner.api.mediaUrl(uploaded.url))).arrayBuffer()).equals(photo)).toBe(true);
      } finally {
        await other.close();
      }
    });
  });

  it('refuses uploads that would leave less than MEDIA_MIN_FREE_BYTES on the disk (507), and text messaging goes on', async () => {
    const server = await startTestApp(allInOne, { MEDIA_MIN_FREE_BYTES: String(2 ** 50) });
    try {
      const user = await signUp(server.url, 'full');
      expect(await refusal(user.api.uploadMedia(Buffer.from('hello'), { name: 'h.txt', contentType: 'text/plain' }))).toEqual({ status: 507, code: 'INSUFFICIENT_STORAGE', message: 'File storage is full' });
      await textStillWorks(user);
    } finally {
      await server.close();
    }
  });
});

import { randomUUID } from 'node:crypto';
import { freePort, makePng, signUp, startNginxCdn, startTestApp, uniqueName, type NginxCdn, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';
import { logIn, openConversation, webClientScene } from './web-client-harness';

/**
 * Seed 003 R16.3: media served through a CDN with signed URLs and cache headers. MEDIA_CDN_URL
 * points the signed links at a real caching edge (nginx, keyed by the whole URL) whose origin is
 * this server: the edge keeps one copy per link, and a link this server refuses is never cached.
 */
describe('media through a CDN (MEDIA_CDN_URL)', () => {
  let server: TestApp;
  let cdn: NginxCdn;
  let alice: TestUser;
  let conversationId: string;
  let png: Buffer;
  const channel = uniqueName('cdn');

  const browsers = webClientScene({
    start: async (own) => {
      const cdnPort = await freePort();
      server = own(await startTestApp(allInOne, { MEDIA_CDN_URL: `http://127.0.0.1:${cdnPort}/`, MEDIA_MIN_FREE_BYTES: '0', MEDIA_THUMBNAIL_PX: '32' }));
      cdn = await startNginxCdn(cdnPort, server.url);
      own({ close: () => cdn.stop() });
    },
    ready: async () => {
      alice = await signUp(server.url, 'alice');
      ({ id: conversationId } = (await alice.api.createConversation({ type: 'channel', name: channel })).conversation);
      png = await makePng(64, 48);
    },
  });

  async function sendPicture(): Promise<{ url: string; thumbnailUrl: string }> {
    const { media } = await alice.api.uploadMedia(png, { name: 'plan.png', contentType: 'image/png' });
    const { message } = await alice.api.sendMessage(conversationId, { clientMessageId: randomUUID(), body: 'The plan', attachments: [{ id: media.id }] });
    const [attachment] = message.attachments;
    return { url: attachment.url!, thumbnailUrl: attachment.thumbnailUrl! };
  }

  it('signs links to the CDN, which fetches each once from this server and then serves its copy, cacheable until the link expires', async () => {
    const { url, thumbnailUrl } = await sendPicture();
    expect(url.startsWith(`${cdn.url}/v1/media/`)).toBe(true);
    expect(thumbnailUrl.startsWith(`${cdn.url}/v1/media/`)).toBe(true);
    // History signs the same way as the send's answer.
    const { messages } = await alice.api.history(conversationId);
    expect(messages.at(-1)!.attachments[0].url).toBe(url);

    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-cache-status')).toBe('MISS');
    const maxAge = Number(/^public, max-age=(\d+), immutable$/.exec(first.headers.get('cache-control') ?? '')?.[1]);
    const expires = Number(new URL(url).searchParams.get('expires'));
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(expires - Math.floor(Date.now() / 1000) + 1);
    expect(Buffer.from(await first.arrayBuffer()).equals(png)).toBe(true);

    const second = await fetch(url);
    expect(second.headers.get('x-cache-status')).toBe('HIT');
    expect(Buffer.from(await second.arrayBuffer()).equals(png)).toBe(true);
    const preview = await fetch(thumbnailUrl);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toBe('image/webp');
  });

  it('passes a changed or expired link to this server every time, which refuses it, and the CDN keeps no copy of the refusal', async () => {
    const { url } = await sendPicture();
    await fetch(url); // the good link's copy is cached
    const link = new URL(url);
    const sig = link.searchParams.get('sig')!;
    link.searchParams.set('sig', (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1));
    for (let attempt = 0; attempt < 2; attempt++) {
      const refused = await fetch(link);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('x-cache-status')).not.toBe('HIT');
      expect((await refused.json()).error.code).toBe('MEDIA_LINK_INVALID');
    }
    link.searchParams.set('sig', sig);
    link.searchParams.set('expires', String(Math.floor(Date.now() / 1000) - 60));
    expect((await fetch(link)).status).toBe(403);
  });

  it('lets the web client show pictures from the CDN: its Content-Security-Policy names the CDN origin for images and sound', async () => {
    const page = await browsers.person(server.url);
    const policy = (await fetch(server.url)).headers.get('content-security-policy')!;
    expect(policy).toContain(`img-src 'self' ${cdn.url} blob: data:`);
    expect(policy).toContain(`media-src 'self' ${cdn.url} blob:`);
    await logIn(page.page, alice.auth.user.username);
    await openConversation(page.page, channel);
    const picture = page.page.locator('#message-list a.attachment-image img').last();
    await picture.waitFor();
    await page.page.waitForFunction((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0, await picture.elementHandle());
    expect((await picture.getAttribute('src'))!.startsWith(`${cdn.url}/v1/media/`)).toBe(true);
  });
});

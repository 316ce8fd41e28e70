import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { makePng, signUp, type TestUser } from '@chat/testing';
import { logIn, openConversation, webClientSceneOnOwnServer } from './web-client-harness';

const SCREENSHOT = '/tmp/web-client-media.png';
const MAX_BYTES = 300_000;

describe('web client: attachments in Chromium', () => {
  let alice: TestUser;
  let bob: TestUser;
  const channel = `files-${randomUUID().slice(0, 8)}`;
  const scene = webClientSceneOnOwnServer({ MEDIA_MAX_BYTES: String(MAX_BYTES), MEDIA_MIN_FREE_BYTES: '0' }, {
    ready: async ({ server }) => {
      [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
      const { conversation } = await alice.api.createConversation({ type: 'channel', name: channel });
      await bob.api.join(conversation.id);
    },
  });

  /** Logs a user in through the login form and opens the channel. */
  async function open(user: TestUser): Promise<Page> {
    const { page } = await scene.person(scene.server.url);
    await logIn(page, user.auth.user.username);
    await openConversation(page, channel);
    return page;
  }

  const pick = (page: Page, file: { name: string; mimeType: string; buffer: Buffer }) => page.setInputFiles('#attach-input', file);

  it('uploads an image and a document, sends them, and shows the image inline (linked to full size) and the document as a download', async () => {
    const [a, b] = [await open(alice), await open(bob)];
    const png = await makePng(640, 480);
    await pick(a, { name: 'sunset.png', mimeType: 'image/png', buffer: png });
    await a.locator('#composer-attachment[data-status="ready"]', { hasText: 'sunset.png' }).waitFor();
    await a.fill('#composer-input', 'Look at this');
    await a.press('#composer-input', 'Enter');
    await a.locator('#composer-attachment').waitFor({ state: 'hidden' });

    await pick(a, { name: 'agenda.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 agenda') });
    await a.locator('#composer-attachment[data-status="ready"]').waitFor();
    await a.click('#send-button'); // a file alone is a message too

    for (const page of [a, b]) {
      const image = page.locator('#message-list li.message', { hasText: 'Look at this' }).locator('a.attachment-image img[alt="sunset.png"]');
      await image.waitFor();
      // The preview really loaded (a broken one would have turned into a plain link).
      await page.waitForFunction((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0, await image.elementHandle());
      const full = await image.locator('xpath=..').getAttribute('href');
      const res = await fetch(`${scene.server.url}${full}`);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);

      const doc = page.locator('#message-list a.attachment-file', { hasText: 'agenda.pdf' });
      await doc.waitFor();
      expect(await doc.getAttribute('download')).toBe('agenda.pdf');
      expect(await doc.locator('.attachment-size').textContent()).toBe('15 bytes');
    }
    const [download] = await Promise.all([b.waitForEvent('download'), b.click('#message-list a.attachment-file')]);
    expect(download.suggestedFilename()).toBe('agenda.pdf');
    await b.screenshot({ path: SCREENSHOT });
  });

  it('explains the size limit when a file is too large, and sends nothing', async () => {
    const page = await open(alice);
    const before = (await alice.api.history((await alice.api.listConversations()).conversations.find((c) => c.name === channel)!.id)).messages.length;
    const error = page.locator('#composer-attachment[data-status="failed"] [role="alert"]');
    await pick(page, { name: 'huge.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(2 * MAX_BYTES, 1) });
    expect(await error.textContent()).toBe('“huge.pdf” is 586 KB; files can be at most 293 KB.');
    await pick(page, { name: 'just-over.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(MAX_BYTES + 1, 1) });
    expect(await error.textContent()).toMatch(/^“just-over\.pdf” is 300.?001 bytes; files can be at most 300.?000 bytes\.$/);
    await page.click('#send-button');
    const after = (await alice.api.history((await alice.api.listConversations()).conversations.find((c) => c.name === channel)!.id)).messages.length;
    expect(after).toBe(before);
  });
});

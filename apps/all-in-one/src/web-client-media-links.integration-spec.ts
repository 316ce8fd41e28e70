import { readFile } from 'node:fs/promises';
import { makePng, signUp, uniqueName, type TestUser } from '@chat/testing';
import type { Locator } from 'playwright-core';
import { logIn, openConversation, type Person, webClientSceneOnOwnServer } from './web-client-harness';

/** The shortest link lifetime the server accepts: links live 10–11 s. */
const TTL_SECONDS = 10;

/**
 * Attachment links keep working in a page left open past MEDIA_URL_TTL_SECONDS: the page drew
 * them once, and a click after they expired renews them (the message fetched again) instead of
 * meeting 403 MEDIA_LINK_EXPIRED.
 */
describe('web client: attachment links renewed after they expire', () => {
  let alice: TestUser;
  let page: Person['page'];
  let problems: string[];
  const channel = uniqueName('files');
  let png: Buffer;

  const scene = webClientSceneOnOwnServer({ MEDIA_URL_TTL_SECONDS: String(TTL_SECONDS), MEDIA_MIN_FREE_BYTES: '0' }, {
    ready: async ({ person, server }) => {
      alice = await signUp(server.url, 'alice');
      await alice.api.createConversation({ type: 'channel', name: channel });
      ({ page, problems } = await person(server.url));
      await logIn(page, alice.auth.user.username);
      await openConversation(page, channel);
      png = await makePng(64, 48);
      await page.setInputFiles('#attach-input', { name: 'plan.png', mimeType: 'image/png', buffer: png });
      await page.locator('#composer-attachment[data-status="ready"]').waitFor();
      await page.fill('#composer-input', 'The plan');
      await page.press('#composer-input', 'Enter');
      await page.locator('#composer-attachment').waitFor({ state: 'hidden' });
      await page.setInputFiles('#attach-input', { name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 notes') });
      await page.locator('#composer-attachment[data-status="ready"]').waitFor();
      await page.click('#send-button');
      await page.locator('#message-list a.attachment-file', { hasText: 'notes.pdf' }).waitFor();
      await page.locator('#message-list a.attachment-image img').waitFor();
    },
  });

  /** Waits until the link drawn in the page has expired on the server's clock (same machine). */
  async function waitPastExpiry(link: Locator): Promise<string> {
    const href = (await link.getAttribute('href'))!;
    const expires = Number(new URL(href, scene.server.url).searchParams.get('expires'));
    await page.waitForTimeout(Math.max(0, expires * 1000 - Date.now() + 1_500));
    expect((await fetch(new URL(href, scene.server.url))).status).toBe(403);
    return href;
  }

  it('downloads a file whose link expired while the page was open', async () => {
    const link = page.locator('#message-list a.attachment-file', { hasText: 'notes.pdf' });
    const expired = await waitPastExpiry(link);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(await download.failure()).toBeNull();
    expect(download.suggestedFilename()).toBe('notes.pdf');
    expect((await readFile((await download.path())!)).toString()).toBe('%PDF-1.4 notes');
    expect(await link.getAttribute('href')).not.toBe(expired);
  });

  it('opens the full-size image whose link expired while the page was open', async () => {
    const link = page.locator('#message-list a.attachment-image');
    await waitPastExpiry(link);
    const [popup] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await popup.waitForLoadState();
    expect(new URL(popup.url()).pathname).toMatch(/\/content$/);
    const res = await fetch(popup.url());
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
    await popup.close();
  });

  it('renews a preview that fails to load, instead of turning it into a plain link', async () => {
    let thumbnails = 0;
    await page.route('**/v1/media/*/thumbnail?*', (route) => {
      if (++thumbnails > 1) return route.continue();
      return route.fulfill({ status: 403, contentType: 'application/json', body: JSON.stringify({ error: { code: 'MEDIA_LINK_EXPIRED', message: 'This media link has expired', hint: '', requestId: '' } }) });
    });
    await page.reload();
    await page.locator('#pane-title', { hasText: channel }).waitFor(); // opened again: the last conversation
    const image = page.locator('#message-list a.attachment-image img[alt="plan.png"]');
    await image.waitFor();
    await page.waitForFunction((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0, await image.elementHandle());
    expect(thumbnails).toBe(2);
    expect(await page.locator('#message-list a.attachment-file', { hasText: 'plan.png' }).count()).toBe(0);
    await page.unroute('**/v1/media/*/thumbnail?*');
    expect(problems.splice(0).filter((p) => !p.includes('status of 403'))).toEqual([]);
  });
});

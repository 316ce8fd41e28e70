import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { AvatarScene } from './avatar-scene';
import { message, openConversation } from './web-client-harness';

/** The picture drawn in a message's avatar, once the browser has loaded it (null while it shows initials). */
async function loadedPicture(page: Page, text: string): Promise<{ src: string; alt: string } | null> {
  const avatar = message(page, text).locator('.avatar');
  return avatar.evaluate((node) => {
    const img = node.querySelector('img');
    return img && img.complete && img.naturalWidth > 0 ? { src: img.getAttribute('src')!, alt: img.alt } : null;
  });
}

/**
 * Seed 004 R3/R9: avatars from the main service in the browser client. Bob, in a direct
 * conversation with Ann (an SSO account whose profile comes from the main service), sees her
 * picture beside her message, its alt text her name; when the main service's picture stops loading
 * he sees her initials again, and a new picture replaces them live, without reloading.
 */
describe('web client: avatars from the main service', () => {
  const scene = AvatarScene.use(async (ann, bob) => {
    const { conversation } = await ann.createConversation({ type: 'direct', memberIds: [bob.id] });
    await ann.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'Hello with a picture' });
  });

  it('draws the sender’s picture with her name as alt text, initials when it does not load, and a new picture live', async () => {
    const { main, bob, annSub } = scene;
    await openConversation(bob.page, 'Ann Main');
    await bob.page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('#message-list li.message .avatar img');
      return img?.complete && img.naturalWidth > 0;
    });
    expect(await loadedPicture(bob.page, 'Hello with a picture')).toEqual({ src: main.avatar('ann'), alt: 'Ann Main' });
    // Bob has no picture: his own avatar is his initials.
    expect(await bob.page.locator('#me-avatar img').count()).toBe(0);

    // The main service's picture moves somewhere that answers 404: the initials come back.
    main.set(annSub, 'Ann Main', `${main.url}/gone/ann.png`);
    await scene.notifyAnnChanged();
    const avatar = message(bob.page, 'Hello with a picture').locator('.avatar');
    await bob.page.waitForFunction(() => document.querySelector('#message-list li.message .avatar')?.textContent === 'AM');
    expect(await avatar.locator('img').count()).toBe(0);
    scene.takeBrokenPictures(1);

    // A new picture: drawn at once, without reloading.
    main.set(annSub, 'Ann Main', main.avatar('ann2'));
    await scene.notifyAnnChanged();
    await bob.page.waitForFunction((src) => {
      const img = document.querySelector<HTMLImageElement>('#message-list li.message .avatar img');
      return img?.getAttribute('src') === src && img.complete && img.naturalWidth > 0;
    }, main.avatar('ann2'));
    expect(await loadedPicture(bob.page, 'Hello with a picture')).toEqual({ src: main.avatar('ann2'), alt: 'Ann Main' });
  });
});

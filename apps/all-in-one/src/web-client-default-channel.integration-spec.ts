import { uniqueName } from '@chat/testing';
import { register, webClientSceneOnOwnServer } from './web-client-harness';

/** Seed 002 US2.2 / SC-004: after registering, a new user lands in the default channel, not on an empty pane. */
describe('web client: a new user lands in the default channel', () => {
  const scene = webClientSceneOnOwnServer({ DEFAULT_CHANNELS: 'general' });

  it('opens `general` right after registering, for the account that founded it and for one that joined it', async () => {
    for (const who of ['founder', 'newcomer']) {
      const { page } = await scene.person(scene.server.url);
      await register(page, uniqueName(who), who);
      await page.locator('#conversation-view #pane-title', { hasText: 'general' }).waitFor();
      await page.locator('#messages-loading').waitFor({ state: 'hidden' });
    }
  });
});

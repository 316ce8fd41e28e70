import { randomUUID } from 'node:crypto';
import { signUp, type TestUser } from '@chat/testing';
import { logIn, openConversation, type Person, webClientSceneOnOwnServer } from './web-client-harness';

/**
 * Chromium's fake capture device: a real MediaRecorder records a beep from it. The permission is
 * not granted by a switch (which would grant it to everyone) but per person: Alice's context
 * grants the microphone, Bob's does not, so headless Chromium refuses it to him as a browser would.
 */
const FAKE_MICROPHONE = ['--use-fake-device-for-media-stream'];
/** A player started by the spec (not by a click) may play: Chromium's autoplay policy would stop it otherwise. */
const AUTOPLAY = ['--autoplay-policy=no-user-gesture-required'];
const VOICE_MAX_SECONDS = 3;
/** The shortest link lifetime the server accepts (links live 10–11 s), to see a player's link renewed. */
const TTL_SECONDS = 10;
const SCREENSHOT = '/tmp/web-client-voice.png';

describe('web client: voice messages', () => {
  let users: Record<'alice' | 'bob', TestUser>;
  let alice: Person;
  let bob: Person;
  let conversationId: string;
  const channel = `voices-${randomUUID().slice(0, 8)}`;

  const scene = webClientSceneOnOwnServer({ MEDIA_MIN_FREE_BYTES: '0', MEDIA_VOICE_MAX_SECONDS: String(VOICE_MAX_SECONDS), MEDIA_URL_TTL_SECONDS: String(TTL_SECONDS) }, {
    chromiumArgs: [...FAKE_MICROPHONE, ...AUTOPLAY],
    ready: async ({ person, server }) => {
      const [a, b] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
      users = { alice: a, bob: b };
      conversationId = (await a.api.createConversation({ type: 'channel', name: channel, visibility: 'public' })).conversation.id;
      await b.api.join(conversationId);
      [alice, bob] = await Promise.all([
        person(server.url, (page) => page.context().grantPermissions(['microphone'], { origin: server.url })),
        person(server.url),
      ]);
      await logIn(alice.page, a.auth.user.username);
      await logIn(bob.page, b.auth.user.username);
      await openConversation(alice.page, channel);
      await openConversation(bob.page, channel);
    },
  });

  const voiceMessages = (person: Person) => person.page.locator('#message-list li.message li.attachment-voice');

  it('records a voice message, shows that it records and for how long, and the other member gets a player with its length', async () => {
    await alice.page.getByRole('button', { name: 'Record a voice message' }).click();
    const recording = alice.page.locator('#voice-recording');
    await recording.waitFor();
    await alice.page.locator('#voice-elapsed', { hasText: '0:01' }).waitFor();
    expect(await alice.page.locator('#record-button').isHidden()).toBe(true);
    await alice.page.getByRole('button', { name: 'Stop and send' }).click();
    await recording.waitFor({ state: 'hidden' });

    const voice = voiceMessages(bob).first();
    await voice.waitFor();
    const player = voice.locator('audio');
    expect(await player.getAttribute('preload')).toBe('none');
    expect(await player.getAttribute('controls')).not.toBeNull();
    const label = await player.getAttribute('aria-label');
    expect(label).toMatch(/^Voice message, 0:0[12]$/);
    expect(await voice.locator('.audio-duration').textContent()).toBe(label!.slice('Voice message, '.length));
    // Where only text goes, it stands as the same words: Bob's list previews it.
    await bob.page.locator('#conversation-list button', { hasText: label! }).waitFor();
    // The signed link plays in Bob's browser: the recording's metadata loads from it.
    const readyState = await player.evaluate(
      (audio: HTMLAudioElement) =>
        new Promise<number>((resolve, reject) => {
          audio.addEventListener('loadedmetadata', () => resolve(audio.readyState), { once: true });
          audio.addEventListener('error', () => reject(new Error(`media error ${audio.error?.code}`)), { once: true });
          audio.preload = 'metadata';
          audio.load();
        }),
    );
    expect(readyState).toBeGreaterThanOrEqual(1);
    await bob.page.screenshot({ path: SCREENSHOT });
    // What the server stored: a voice attachment whose length it read from the WebM itself.
    const [sent] = (await users.bob.api.history(conversationId)).messages.slice(-1);
    expect(sent.attachments[0]).toMatchObject({ kind: 'voice', contentType: 'audio/webm', durationMs: expect.any(Number) });
    expect(sent.attachments[0].durationMs).toBeGreaterThanOrEqual(1000);
  });

  it('discards a cancelled recording: nothing is sent', async () => {
    const shown = alice.page.locator('#message-list li.message');
    const [before, stored] = [await shown.count(), (await users.alice.api.history(conversationId)).messages.length];
    await alice.page.getByRole('button', { name: 'Record a voice message' }).click();
    await alice.page.locator('#voice-elapsed', { hasText: '0:00' }).waitFor();
    await alice.page.getByRole('button', { name: 'Discard' }).click();
    await alice.page.locator('#voice-recording').waitFor({ state: 'hidden' });
    // Long enough for an upload and a send to have shown (the first test's took well under this).
    await alice.page.waitForTimeout(1500);
    expect(await shown.count()).toBe(before);
    expect((await users.alice.api.history(conversationId)).messages).toHaveLength(stored);
  });

  it(`stops by itself at MEDIA_VOICE_MAX_SECONDS (${VOICE_MAX_SECONDS} s), says so, and sends what it has`, async () => {
    const before = await voiceMessages(bob).count();
    await alice.page.getByRole('button', { name: 'Record a voice message' }).click();
    await alice.page.locator('#toasts', { hasText: 'Voice messages can be at most 0:03 long' }).waitFor({ timeout: 10_000 });
    await alice.page.locator('#voice-recording').waitFor({ state: 'hidden' });
    await voiceMessages(bob).nth(before).waitFor();
    expect(await voiceMessages(bob).nth(before).locator('audio').getAttribute('aria-label')).toMatch(/^Voice message, 0:0[23]$/);
  });

  it('plays a voice message whose link expired while the page was open (the link is renewed)', async () => {
    // The last one: Bob's page has not loaded it yet (preload="none").
    const player = voiceMessages(bob).last().locator('audio');
    const drawn = (await player.getAttribute('src'))!;
    const expires = Number(new URL(drawn, scene.server.url).searchParams.get('expires'));
    await bob.page.waitForTimeout(Math.max(0, expires * 1000 - Date.now() + 1_500));
    expect((await fetch(new URL(drawn, scene.server.url))).status).toBe(403);
    const playing = await player.evaluate(
      (audio: HTMLAudioElement) =>
        new Promise<string>((resolve, reject) => {
          audio.addEventListener('playing', () => resolve(audio.getAttribute('src')!), { once: true });
          window.setTimeout(() => reject(new Error(`never played (media error ${audio.error?.code})`)), 10_000);
          void audio.play().catch(() => undefined); // the expired link fails this first attempt
        }),
    );
    expect(playing).not.toBe(drawn);
    expect((await fetch(new URL(playing, scene.server.url))).status).toBe(200);
    // The one expected: Chromium logs the expired link's 403.
    expect(bob.problems.splice(0).filter((p) => !p.includes('status of 403'))).toEqual([]);
  });

  it('tells someone whose browser refuses the microphone, and records nothing', async () => {
    await bob.page.getByRole('button', { name: 'Record a voice message' }).click();
    await bob.page.locator('#toasts [role="alert"]', { hasText: 'The microphone is blocked for this site' }).waitFor();
    expect(await bob.page.locator('#voice-recording').isHidden()).toBe(true);
  });
});

import type { Browser, Page } from 'playwright-core';
import { MOVIE_SECRETS, MOVIE_TRACK_SECRET, signUp, startAll, startTestApp, WEBM_SECRETS, withPhoneMetadata, withRecorderMetadata, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';
import { launchChromium } from './web-client-harness';

/** What a browser makes of a video: its size, its length, a pixel of its frame at 0.5 s, where it ends playing. */
interface Playback {
  width: number;
  height: number;
  duration: number;
  pixel: number[];
  endedAt: number;
}

/**
 * The metadata stripper on real recordings: Chromium's MediaRecorder makes an MP4 (fragmented,
 * as browsers and screen recorders write them) and a WebM (Segment and Clusters of unknown size),
 * the metadata phones, editors and converters write is added the way they add it, and after the
 * upload the served file has none of it yet plays in Chromium exactly as the original did.
 */
describe('a recorded video uploaded with its metadata', () => {
  let server: TestApp;
  let browser: Browser;
  let page: Page;
  let alice: TestUser;

  beforeAll(async () => {
    await startAll([startTestApp(allInOne).then((s) => (server = s)), launchChromium().then((b) => (browser = b))]);
    alice = await signUp(server.url, 'filmmaker');
    page = await browser.newPage();
    await page.goto('about:blank');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** One second of a 64×48 canvas painted one colour, recorded as `mimeType`. */
  async function record(mimeType: string): Promise<Buffer> {
    const base64 = await page.evaluate(async (mimeType) => {
      const canvas = Object.assign(document.createElement('canvas'), { width: 64, height: 48 });
      const paint = canvas.getContext('2d')!;
      paint.fillStyle = 'rgb(200, 30, 40)';
      // Painted before recording starts: the stream's first frame is the canvas as it is then, and on a
      // loaded box the next paint can come late enough that a blank first frame is still shown at 0.5 s.
      paint.fillRect(0, 0, 64, 48);
      const recorder = new MediaRecorder(canvas.captureStream(30), { mimeType });
      const parts: Blob[] = [];
      recorder.ondataavailable = (e) => parts.push(e.data);
      recorder.start();
      for (const started = performance.now(); performance.now() - started < 1000; await new Promise((r) => setTimeout(r, 33))) paint.fillRect(0, 0, 64, 48);
      await new Promise((stopped) => ((recorder.onstop = stopped), recorder.stop()));
      const bytes = new Uint8Array(await new Blob(parts).arrayBuffer());
      return btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
    }, mimeType);
    return Buffer.from(base64, 'base64');
  }

  /** Loads `video` in the page, looks at its frame at 0.5 s and plays it from there to its end. */
  function play(video: Buffer, type: string): Promise<Playback> {
    return page.evaluate(async ([base64, type]) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const element = Object.assign(document.createElement('video'), { muted: true, src: URL.createObjectURL(new Blob([bytes], { type })) });
      const settled = (event: string) =>
        new Promise<void>((resolve, reject) => {
          element.addEventListener(event, () => resolve(), { once: true });
          element.addEventListener('error', () => reject(new Error(`the video does not play: ${element.error?.message}`)), { once: true });
        });
      await settled('loadeddata');
      // A frame is drawable once decoded for display: after a seek, not merely once loaded.
      const seeked = settled('seeked');
      element.currentTime = 0.5;
      await seeked;
      const frame = Object.assign(document.createElement('canvas'), { width: element.videoWidth, height: element.videoHeight }).getContext('2d')!;
      frame.drawImage(element, 0, 0);
      const pixel = Array.from(frame.getImageData(32, 24, 1, 1).data);
      const ended = settled('ended');
      await element.play();
      await ended;
      return { width: element.videoWidth, height: element.videoHeight, duration: element.duration, pixel, endedAt: element.currentTime };
    }, [video.toString('base64'), type] as const);
  }

  const RECORDINGS = [
    { type: 'video/mp4', recorded: 'video/mp4', name: 'VID_20240601.mp4', withMetadata: withPhoneMetadata, secrets: MOVIE_SECRETS, addedAs: MOVIE_SECRETS.filter((s) => s !== 'Home' && s !== MOVIE_TRACK_SECRET) },
    { type: 'video/webm', recorded: 'video/webm;codecs=vp8', name: 'holiday.webm', withMetadata: withRecorderMetadata, secrets: WEBM_SECRETS, addedAs: WEBM_SECRETS.filter((s) => s !== 'HandBrake 1.7.3') },
  ];

  it.each(RECORDINGS)('serves a $type without its location, author, device or dates, the same size, playing exactly as the original', async ({ type, recorded, name, withMetadata, secrets, addedAs }) => {
    const original = withMetadata(await record(recorded));
    for (const secret of addedAs) expect(original.toString('latin1')).toContain(secret);
    const before = await play(original, type);
    expect(before).toMatchObject({ width: 64, height: 48 });
    expect(before.duration).toBeGreaterThan(0.8);
    expect(before.endedAt).toBeCloseTo(before.duration, 1);
    const [red, green, blue] = before.pixel;
    expect([Math.abs(red - 200), Math.abs(green - 30), Math.abs(blue - 40)].every((d) => d < 24)).toBe(true);

    const { media } = await alice.api.uploadMedia(original, { name, contentType: type });
    const served = Buffer.from(await (await fetch(`${server.url}${media.url}`)).arrayBuffer());

    expect(served.length).toBe(original.length);
    for (const secret of secrets) expect(served.toString('latin1')).not.toContain(secret);
    expect(await play(served, type)).toEqual(before);
  }, 60_000);
});

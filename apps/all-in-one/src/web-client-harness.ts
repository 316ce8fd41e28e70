import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { eventually, signUp, startAll, startTestApp, within, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/**
 * What the web client's browser specs share: Debian's Chromium (scripts/install-test-deps.sh)
 * driven by playwright-core, never a downloaded browser; each person a browser context of their
 * own (own localStorage, own socket), as two people on two machines would be; and the steps
 * people take in the client.
 */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** The web client's build script, loaded by path like WEB_ROOT in definition.ts: apps never import each other's code. */
const WEB_BUILD = path.resolve(__dirname, '../../web/build.js');
/** Debian's Chromium, headless; `extraArgs`: switches a spec needs beyond the usual ones. */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/install-test-deps.sh`);
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** Builds the web client the server serves (its bundle under WEB_ROOT). */
async function buildWebClient(): Promise<void> {
  const build = (await import(WEB_BUILD)) as { buildWebClient(): Promise<unknown> };
  await build.buildWebClient();
}

/** Generous: the specs share two cores with other suites. */
export const UI_TIMEOUT_MS = 15_000;
/** Each of a scene's browser steps (Chromium's launch, the client's build), well inside the scene's set-up time, so a hung one is named. */
const BROWSER_STEP_TIMEOUT_MS = 150_000;

/** What an avatar shows: the loaded picture (its src and alt text), or the initials it draws instead. */
async function avatarOf(avatar: Locator): Promise<{ src: string; alt: string } | { initials: string }> {
  return avatar.evaluate((node) => {
    const img = node.querySelector('img');
    if (img && img.complete && img.naturalWidth > 0) return { src: img.getAttribute('src')!, alt: img.alt };
    return img ? { initials: `(loading ${img.getAttribute('src')})` } : { initials: node.textContent ?? '' };
  });
}

/** Waits until `avatar` shows `expected` (a loaded picture, or initials with no picture), failing with what it shows instead. */
export async function waitForAvatar(avatar: Locator, expected: { src: string; alt: string } | { initials: string }): Promise<void> {
  await eventually(async () => expect(await avatarOf(avatar)).toEqual(expected), { timeoutMs: UI_TIMEOUT_MS, intervalMs: 100 });
}

/** What a page logs while its network is cut (`context.setOffline(true)`): the socket's failed reconnects. Expected then, and only then. */
export const NETWORK_NOISE = /WebSocket|ERR_INTERNET_DISCONNECTED/;

export interface Person {
  context: BrowserContext;
  page: Page;
  /** Page errors, console errors and alert() calls: a healthy client produces none. */
  problems: string[];
}

/** One Chromium for a spec file, and the people it opened (closed together at the end). */
class BrowserPeople {
  private browser: Browser | undefined;
  private readonly people: Person[] = [];

  /** Everyone person() opened so far. */
  get opened(): readonly Person[] {
    return this.people;
  }

  private launching: Promise<Browser> | undefined;

  /** `extraArgs`: Chromium switches a spec needs beyond the usual ones (e.g. a fake microphone). */
  constructor(private readonly extraArgs: readonly string[] = []) {}

  /**
   * Launches Chromium and builds the web client. When one of them fails, the other still settles
   * first and the browser is kept as soon as it is up, so close() ends whatever did start: a failed
   * build must not leave Chromium running, which kept the jest worker from exiting.
   */
  async start(): Promise<void> {
    this.launching = launchChromium(this.extraArgs);
    await startAll([
      within('Launching Chromium', BROWSER_STEP_TIMEOUT_MS, this.launching).then((browser) => (this.browser = browser)),
      within("The web client's build", BROWSER_STEP_TIMEOUT_MS, buildWebClient()),
    ]);
  }

  async close(): Promise<void> {
    // Bounded, so a context that never closes is named and the browser is still closed after it.
    const contexts = await Promise.allSettled(this.people.map((p) => within('Closing a browser context', BROWSER_STEP_TIMEOUT_MS / 5, p.context.close())));
    // A launch start() gave up waiting for is closed whenever it is up.
    if (!this.browser) void this.launching?.then((browser) => browser.close(), () => undefined);
    await within('Closing Chromium', BROWSER_STEP_TIMEOUT_MS / 5, this.browser?.close() ?? Promise.resolve());
    for (const closed of contexts) if (closed.status === 'rejected') throw closed.reason;
  }

  /**
   * A browser context of its own (storage, socket); `beforeLoad` may install routes first. Its
   * browser speaks US English unless `locale` says otherwise, so the client's texts are the ones
   * the specs expect whatever the machine's language.
   */
  async person(url: string, beforeLoad?: (page: Page) => Promise<void>, locale: Pick<BrowserContextOptions, 'locale' | 'timezoneId'> = {}): Promise<Person> {
    if (!this.browser) throw new Error('BrowserPeople.start() first');
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', ...locale });
    context.setDefaultTimeout(UI_TIMEOUT_MS);
    const page = await context.newPage();
    const problems: string[] = [];
    watchForProblems(page, problems);
    await beforeLoad?.(page);
    await page.goto(url);
    const p = { context, page, problems };
    this.people.push(p);
    return p;
  }
}

/** Page errors, console errors and alert() calls go to `problems`; every dialog is accepted (a confirm asked by Leave, say). */
function watchForProblems(page: Page, problems: string[]): void {
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('dialog', (dialog) => {
    if (dialog.type() === 'alert') problems.push(`alert: ${dialog.message()}`);
    void dialog.accept();
  });
}

/** A second tab of `person`'s browser (their stored login, their socket of its own), its problems counted as theirs. */
export async function anotherTab(person: Person, url: string): Promise<Page> {
  const page = await person.context.newPage();
  watchForProblems(page, person.problems);
  await page.goto(url);
  return page;
}

/** Something a spec starts for its pages (an app, an identity provider, a mail catcher), closed at the end. */
export interface Closable {
  close(): Promise<unknown>;
}

/** Keeps something just started for afterAll to close, whatever fails after; returns it. */
export type Own = <T extends Closable>(started: T) => T;

export interface WebClientScene {
  /** Opens a person (see BrowserPeople.person), checked after every test from then on. */
  person: BrowserPeople['person'];
}

export interface WebClientSceneSetUp {
  /** Chromium switches beyond the usual ones (e.g. a fake microphone). */
  chromiumArgs?: readonly string[];
  /** Starts what the pages talk to, while Chromium launches and the client builds; `own` each thing as it starts. */
  start?: (own: Own) => Promise<void>;
  /** Once both are up: the accounts, conversations and people the tests share. */
  ready?: (scene: WebClientScene) => Promise<void>;
}

/** The set-up starts apps, Chromium and the client's build at once on two shared cores: one once took over 120 s under CI's load. */
const SCENE_SET_UP_TIMEOUT_MS = 240_000;

/**
 * The lifecycle every browser spec shares, registered in the calling describe: beforeAll starts
 * Chromium beside `start`, then runs `ready`; afterEach fails the test when any person opened
 * through the scene recorded a problem (a spec expecting one takes it first, e.g.
 * `person.problems.splice(0)`), and takes them so the next test starts clean; afterAll closes the
 * people, the browser and everything owned, last started first, even after a set-up that failed
 * half-way.
 */
export function webClientScene(setUp: WebClientSceneSetUp = {}): WebClientScene {
  const people = new BrowserPeople(setUp.chromiumArgs);
  const owned: Closable[] = [];
  const own: Own = (started) => {
    owned.push(started);
    return started;
  };
  const scene: WebClientScene = { person: (...args) => people.person(...args) };
  beforeAll(async () => {
    await startAll([people.start(), ...(setUp.start ? [setUp.start(own)] : [])]);
    await setUp.ready?.(scene);
  }, SCENE_SET_UP_TIMEOUT_MS);
  afterEach(() => expect(people.opened.flatMap((p) => p.problems.splice(0))).toEqual([]));
  afterAll(async () => {
    const closes = [() => people.close(), ...[...owned].reverse().map((started) => () => started.close())];
    const failures: unknown[] = [];
    for (const close of closes) await close().catch((err: unknown) => failures.push(err));
    if (failures.length) throw failures[0];
  });
  return scene;
}

/** A scene on an all-in-one server of its own: `server` is there once the scene's beforeAll has started it. */
export interface WebClientSceneOnOwnServer extends WebClientScene {
  readonly server: TestApp;
}

/**
 * The common scene: webClientScene whose `start` is an all-in-one server of its own, started with
 * `env` (its settings beyond TEST_ENV), closed with the scene. `ready` gets the server beside
 * `person`; tests read it as `scene.server`, which throws when read before the beforeAll started it.
 */
export function webClientSceneOnOwnServer(
  env: Record<string, string> = {},
  { ready, ...setUp }: Omit<WebClientSceneSetUp, 'start' | 'ready'> & { ready?: (scene: WebClientSceneOnOwnServer) => Promise<void> } = {},
): WebClientSceneOnOwnServer {
  let started: TestApp | undefined;
  const server = (): TestApp => {
    if (!started) throw new Error("The scene's server is not up: it starts in the scene's beforeAll (read `server` in a test, a hook or `ready`), and that beforeAll may have failed");
    return started;
  };
  const { person } = webClientScene({
    ...setUp,
    start: async (own) => {
      started = own(await startTestApp(allInOne, env));
    },
    ready: async (scene) => {
      await ready?.({ ...scene, server: server() });
    },
  });
  return {
    person,
    get server() {
      return server();
    },
  };
}

export async function register(page: Page, username: string, displayName: string): Promise<void> {
  await page.getByRole('tab', { name: 'Register' }).click();
  await page.fill('#register-username', username);
  await page.fill('#register-display-name', displayName);
  await page.fill('#register-password', 'password-123');
  await page.click('#panel-register button[type="submit"]');
  await page.locator('#chat-screen').waitFor();
}

/** Logs in an account made with `signUp` from @chat/testing (its password is password-123). */
export async function logIn(page: Page, username: string): Promise<void> {
  await page.fill('#login-username', username);
  await page.fill('#login-password', 'password-123');
  await page.click('#panel-login button[type="submit"]');
  await page.locator('#chat-screen').waitFor();
}

/** Creates a channel from the "New" dialog and waits until it is open. */
export async function createChannel(page: Page, name: string, description?: string): Promise<void> {
  await page.click('#create-button');
  await page.fill('#create-name', name);
  if (description) await page.fill('#create-description', description);
  await page.click('#create-form button[type="submit"]');
  await page.locator('#pane-title', { hasText: name }).waitFor();
}

/** Creates an end-to-end encrypted group with `members` from the "New" dialog and waits until it is open, marked encrypted. */
export async function createEncryptedGroup(page: Page, name: string, members: readonly TestUser[]): Promise<void> {
  await page.click('#create-button');
  await page.check('#create-form input[value="group"]');
  await page.fill('#create-name', name);
  for (const member of members) {
    await page.fill('#create-people-search', member.auth.user.username.slice(0, 10));
    await page.getByRole('button', { name: `Add ${member.auth.user.displayName}` }).click();
  }
  await page.check('#create-e2ee');
  await page.click('#create-form button[type="submit"]');
  await page.locator('#pane-title', { hasText: name }).waitFor();
  await page.locator('#pane-title .e2ee-badge', { hasText: 'End-to-end encrypted' }).waitFor();
}

export async function browseAndJoin(page: Page, name: string): Promise<void> {
  await page.click('#browse-button');
  await page.fill('#browse-search', name);
  await page.locator('#browse-results li', { hasText: name }).getByRole('button', { name: `Join ${name}` }).click();
  await page.locator('#pane-title', { hasText: name }).waitFor();
  await page.locator('#messages-loading').waitFor({ state: 'hidden' });
}

/** Each person logs in as their user, then opens the conversation `title`, one person after another. */
export async function logInAndOpen(people: readonly (readonly [Person, TestUser])[], title: string): Promise<void> {
  for (const [person, user] of people) {
    await logIn(person.page, user.auth.user.username);
    await openConversation(person.page, title);
  }
}

export async function openConversation(page: Page, title: string): Promise<void> {
  await page.locator('#conversation-list button', { hasText: title }).click();
  await page.locator('#pane-title', { hasText: title }).waitFor();
  await page.locator('#messages-loading').waitFor({ state: 'hidden' });
}

export async function send(page: Page, text: string): Promise<void> {
  await page.fill('#composer-input', text);
  await page.press('#composer-input', 'Enter');
}

export const message = (page: Page, text: string) => page.locator('#message-list li.message', { hasText: text });
export const delivered = (page: Page, text: string) => page.locator('#message-list li.message.mine[data-status="delivered"]', { hasText: text });
/** Clicks one of a message's actions, which show on hover (or focus), as a mouse user reaches them. */
export async function act(target: Locator, action: string): Promise<void> {
  await target.hover();
  await target.getByRole('button', { name: action }).click();
}
export const bodies = (page: Page) => page.$$eval('#message-list li.message .body', (nodes) => nodes.map((n) => n.textContent));

/**
 * Alice and Bob (signed up through the API) in a group Alice made, named `name`, each logged in on
 * a page of their own with it open; `alicePage` prepares Alice's page before it loads (e.g. routes).
 */
export async function duoInGroup(
  url: string,
  name: string,
  person: WebClientScene['person'],
  { alicePage }: { alicePage?: (page: Page) => Promise<void> } = {},
): Promise<{ users: Record<'alice' | 'bob', TestUser>; people: Record<'alice' | 'bob', Person>; conversationId: string }> {
  const [alice, bob] = await Promise.all(['alice', 'bob'].map((who) => signUp(url, who)));
  const conversationId = (await alice.api.createConversation({ type: 'group', name, memberIds: [bob.id] })).conversation.id;
  const [alicePerson, bobPerson] = await Promise.all([person(url, alicePage), person(url)]);
  await logInAndOpen([[alicePerson, alice], [bobPerson, bob]], name);
  return { users: { alice, bob }, people: { alice: alicePerson, bob: bobPerson }, conversationId };
}

/** Alice, Bob and Carol (signed up through the API) in a public channel Alice made. */
export async function trioInChannel(url: string, channel: string): Promise<{ users: Record<'alice' | 'bob' | 'carol', TestUser>; conversationId: string }> {
  const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((name) => signUp(url, name)));
  const conversationId = (await alice.api.createConversation({ type: 'channel', name: channel, visibility: 'public' })).conversation.id;
  await Promise.all([bob.api.join(conversationId), carol.api.join(conversationId)]);
  return { users: { alice, bob, carol }, conversationId };
}

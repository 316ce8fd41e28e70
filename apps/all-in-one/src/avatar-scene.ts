import { randomUUID } from 'node:crypto';
import { ChatApi } from '@chat/sdk';
import { signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';
import { MainService, TOKEN } from './main-service';
import { codeOf, ssoLogin } from './sso-browser';
import { TestIdp } from './sso-idp';
import { logIn, webClientScene, type Own, type Person, type WebClientScene } from './web-client-harness';

/**
 * The browser specs of pictures from the main service share this: an app whose profiles come from a
 * main service, Ann, an SSO account the main service names "Ann Main" with a picture, and Bob, a
 * password account without one, logged in in the browser after `prepare` (what Ann makes for him to
 * see). Its parts are there once the describe's beforeAll has run. The browser's "Failed to load
 * resource" lines are expected only for pictures a test breaks on purpose: it takes them with
 * `takeBrokenPictures`, and the check after each test (webClientScene) fails on any other line.
 */
export class AvatarScene {
  server!: TestApp;
  main!: MainService;
  idp!: TestIdp;
  annSub!: string;
  bobUser!: TestUser;
  bob!: Person;

  private constructor() {}

  /** Registers the scene's set-up and tear-down (webClientScene) in the calling describe. */
  static use(prepare: (ann: ChatApi, bob: TestUser) => Promise<void>): AvatarScene {
    const scene = new AvatarScene();
    webClientScene({ start: (own) => scene.start(own), ready: ({ person }) => scene.ready(person, prepare) });
    return scene;
  }

  private async start(own: Own): Promise<void> {
    this.idp = own(await TestIdp.start());
    this.main = own(await MainService.start());
    this.server = own(
      await startTestApp(allInOne, {
        ...(await this.idp.appEnv()),
        PROFILE_SOURCE_URL: this.main.url,
        PROFILE_SOURCE_TOKEN: TOKEN,
        PROFILE_AVATAR_ORIGINS: this.main.url,
        PROFILE_REFRESH_INTERVAL_SECONDS: '0',
      }),
    );
    await this.idp.admit([this.server]);
  }

  private async ready(person: WebClientScene['person'], prepare: (ann: ChatApi, bob: TestUser) => Promise<void>): Promise<void> {
    this.annSub = randomUUID();
    await this.idp.account(this.annSub, { name: 'Ann', preferred_username: 'ann' });
    this.main.set(this.annSub, 'Ann Main', this.main.avatar('ann'));
    const ann = new ChatApi({ baseUrl: this.server.url });
    await ann.exchangeSsoCode(codeOf(await ssoLogin(this.server, this.annSub)));
    this.bobUser = await signUp(this.server.url, 'bob');
    await prepare(ann, this.bobUser);
    this.bob = await person(this.server.url);
    await logIn(this.bob.page, this.bobUser.auth.user.username);
  }

  /** The main service tells the app Ann's profile changed (POST /v1/internal/profile-updates). */
  async notifyAnnChanged(): Promise<void> {
    const res = await fetch(`${this.server.url}/v1/internal/profile-updates`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ ids: [this.annSub] }) });
    expect(res.status).toBe(200);
  }

  /** Takes Bob's "Failed to load resource" lines, at most `count`: the pictures this test broke on purpose. */
  takeBrokenPictures(count: number): void {
    const others = this.bob.problems.filter((p) => !p.includes('Failed to load resource'));
    expect(this.bob.problems.length - others.length).toBeLessThanOrEqual(count);
    this.bob.problems.splice(0, Infinity, ...others);
  }
}

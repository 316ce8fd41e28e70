import { randomUUID } from 'node:crypto';
import { ChatApi } from '@chat/sdk';
import { signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';
import { MainService, TOKEN } from './main-service';
import { codeOf, ssoLogin } from './sso-browser';
import { TestIdp } from './sso-idp';
import { logIn, type BrowserPeople, type Person } from './web-client-harness';

/**
 * The browser specs of pictures from the main service share this: an app whose profiles come from a
 * main service, Ann, an SSO account the main service names "Ann Main" with a picture, and Bob, a
 * password account without one, logged in in the browser after `prepare` (what Ann makes for him to
 * see). The browser's "Failed to load resource" lines are expected only for pictures a spec breaks
 * on purpose: it counts them in `brokenPictures`, and `expectNoOtherProblems` checks after each test.
 */
export class AvatarScene {
  brokenPictures = 0;

  private constructor(
    readonly server: TestApp,
    readonly main: MainService,
    readonly idp: TestIdp,
    readonly annSub: string,
    readonly bobUser: TestUser,
    readonly bob: Person,
  ) {}

  static async start(browsers: BrowserPeople, prepare: (ann: ChatApi, bob: TestUser) => Promise<void>): Promise<AvatarScene> {
    const idp = await TestIdp.start();
    const main = await MainService.start();
    let server!: TestApp;
    await browsers.start(
      startTestApp(allInOne, {
        ...idp.appEnv,
        PROFILE_SOURCE_URL: main.url,
        PROFILE_SOURCE_TOKEN: TOKEN,
        PROFILE_AVATAR_ORIGINS: main.url,
        PROFILE_REFRESH_INTERVAL_SECONDS: '0',
      }).then((s) => (server = s)),
    );
    await idp.admit([server]);
    const annSub = randomUUID();
    await idp.account(annSub, { name: 'Ann', preferred_username: 'ann' });
    main.set(annSub, 'Ann Main', main.avatar('ann'));
    const ann = new ChatApi({ baseUrl: server.url });
    await ann.exchangeSsoCode(codeOf(await ssoLogin(server, annSub)));
    const bobUser = await signUp(server.url, 'bob');
    await prepare(ann, bobUser);
    const bob = await browsers.person(server.url);
    await logIn(bob.page, bobUser.auth.user.username);
    return new AvatarScene(server, main, idp, annSub, bobUser, bob);
  }

  /** The main service tells the app Ann's profile changed (POST /v1/internal/profile-updates). */
  async notifyAnnChanged(): Promise<void> {
    const res = await fetch(`${this.server.url}/v1/internal/profile-updates`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ ids: [this.annSub] }) });
    expect(res.status).toBe(200);
  }

  expectNoOtherProblems(): void {
    const unexpected = this.bob.problems.filter((p) => !p.includes('Failed to load resource'));
    expect(unexpected).toEqual([]);
    expect(this.bob.problems.length - unexpected.length).toBeLessThanOrEqual(this.brokenPictures);
  }

  async close(): Promise<void> {
    await this.server.close();
    await this.idp.close();
    await this.main.close();
  }
}

import { signUp, type TestUser } from '@chat/testing';
import { logIn, type Person, webClientSceneOnOwnServer } from './web-client-harness';

/** Seed 003 R11.6 in the browser: after a failed password, the next login solves the server's challenge with WebCrypto and gets in. */
describe('web client: a login challenge after a failed password', () => {
  let alice: TestUser;
  let person: Person;
  webClientSceneOnOwnServer(
    { LOGIN_CHALLENGE_AFTER_FAILURES: '1', LOGIN_CHALLENGE_BITS: '12' },
    {
      ready: async ({ person: open, server }) => {
        alice = await signUp(server.url, 'alice');
        person = await open(server.url);
      },
    },
  );

  it('shows the wrong password, then solves the challenge the next login is asked and opens the chat', async () => {
    const answers: number[] = [];
    person.page.on('response', (r) => new URL(r.url()).pathname === '/v1/auth/login' && answers.push(r.status()));
    await person.page.fill('#login-username', alice.auth.user.username);
    await person.page.fill('#login-password', 'not-my-password');
    await person.page.click('#panel-login button[type="submit"]');
    await person.page.locator('#panel-login .form-error', { hasText: 'Wrong username or password' }).waitFor();

    await logIn(person.page, alice.auth.user.username);
    expect(answers).toEqual([401, 428, 200]);
    // The browser logs every refused request; these two were expected.
    expect(person.problems.splice(0)).toEqual([expect.stringContaining('status of 401'), expect.stringContaining('status of 428')]);
  });
});

import { DataSource } from 'typeorm';
import { ExpiredLoginsSweep } from '@chat/identity';
import { ChatApi } from '@chat/sdk';
import { signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const HOUR_MS = 3_600_000;

/** The hourly sweep of credentials nobody can use any more: ws tickets, refresh tokens, ended logins with their push subscriptions (none was ever deleted). */
describe('expired logins sweep', () => {
  let server: TestApp;
  let db: DataSource;
  let sweep: ExpiredLoginsSweep;

  beforeAll(async () => {
    server = await startTestApp(allInOne);
    db = server.app.get(DataSource);
    sweep = server.app.get(ExpiredLoginsSweep, { strict: false });
  });
  afterAll(() => server?.close());

  const ago = (ms: number) => new Date(Date.now() - ms);
  const count = async (sql: string, params: unknown[]): Promise<number> => Number((await db.query(sql, params))[0].n);
  const ticketsOf = (user: TestUser) => count(`SELECT count(*) AS n FROM ws_tickets WHERE user_id = $1`, [user.id]);
  const sessionOf = async (user: TestUser): Promise<string> => (await db.query(`SELECT id FROM auth_sessions WHERE user_id = $1`, [user.id]))[0].id;
  const sessionExists = async (id: string) => (await count(`SELECT count(*) AS n FROM auth_sessions WHERE id = $1`, [id])) === 1;
  const tokensOf = (sessionId: string) => count(`SELECT count(*) AS n FROM refresh_tokens WHERE session_id = $1`, [sessionId]);

  it('deletes ws tickets an hour past their expiry, used or not, in batches, and keeps the others', async () => {
    const user = await signUp(server.url, 'tickets');
    for (let i = 0; i < 7; i++) await user.api.wsTicket();
    const ids: string[] = (await db.query(`SELECT id FROM ws_tickets WHERE user_id = $1 ORDER BY id`, [user.id])).map((r: { id: string }) => r.id);
    // Five long expired (two of them used), one expired a moment ago, one in force.
    await db.query(`UPDATE ws_tickets SET expires_at = $2 WHERE id = ANY($1::uuid[])`, [ids.slice(0, 5), ago(2 * HOUR_MS)]);
    await db.query(`UPDATE ws_tickets SET used_at = expires_at WHERE id = ANY($1::uuid[])`, [ids.slice(0, 2)]);
    await db.query(`UPDATE ws_tickets SET expires_at = $2 WHERE id = $1`, [ids[5], ago(10 * 60_000)]);

    const outcome = await sweep.sweep(new Date(), 2);
    expect(outcome.tickets).toBeGreaterThanOrEqual(5);
    expect((await db.query(`SELECT id FROM ws_tickets WHERE user_id = $1 ORDER BY id`, [user.id])).map((r: { id: string }) => r.id)).toEqual(ids.slice(5));
  });

  it('deletes spent refresh tokens past their expiry, and logins that ended, with their tokens and tickets; logins in force keep working', async () => {
    const [renewed, loggedOut, lapsed, recent] = await Promise.all(['renewed', 'loggedout', 'lapsed', 'recent'].map((n) => signUp(server.url, n)));
    const [renewedSession, loggedOutSession, lapsedSession, recentSession] = await Promise.all([renewed, loggedOut, lapsed, recent].map(sessionOf));

    // renewed: the first token spent long ago and expired since; the one it gave is in force.
    const { refreshToken } = await new ChatApi({ baseUrl: server.url }).refresh(renewed.auth.refreshToken);
    await db.query(`UPDATE refresh_tokens SET expires_at = $2 WHERE session_id = $1 AND used_at IS NOT NULL`, [renewedSession, ago(2 * HOUR_MS)]);
    // loggedOut: ended two hours ago, with a ticket left; recent: ended ten minutes ago.
    await loggedOut.api.wsTicket();
    await loggedOut.api.logout();
    await recent.api.logout();
    await db.query(`UPDATE auth_sessions SET revoked_at = $2 WHERE id = $1`, [loggedOutSession, ago(2 * HOUR_MS)]);
    await db.query(`UPDATE auth_sessions SET revoked_at = $2 WHERE id = $1`, [recentSession, ago(10 * 60_000)]);
    // lapsed: never renewed, its last refresh token expired two hours ago; a new login of the same account is in force.
    await db.query(`UPDATE refresh_tokens SET expires_at = $2 WHERE session_id = $1`, [lapsedSession, ago(2 * HOUR_MS)]);
    const again = await new ChatApi({ baseUrl: server.url }).login(lapsed.auth.user.username, 'password-123');
    // Each of lapsed's two logins registered a browser for push: the lapsed one's goes with it.
    const subscribe = (session: string, endpoint: string) =>
      db.query(`INSERT INTO push_subscriptions (id, tenant_id, user_id, endpoint, p256dh, auth, session_id) SELECT gen_random_uuid(), tenant_id, user_id, $2, 'k', 'a', id FROM auth_sessions WHERE id = $1`, [session, endpoint]);
    const againSession: string = (await db.query(`SELECT id FROM auth_sessions WHERE user_id = $1 AND id <> $2`, [lapsed.id, lapsedSession]))[0].id;
    await subscribe(lapsedSession, `https://push.example/${lapsedSession}`);
    await subscribe(againSession, `https://push.example/${againSession}`);

    await sweep.sweep();

    expect(await sessionExists(renewedSession)).toBe(true);
    expect(await tokensOf(renewedSession)).toBe(1);
    await expect(new ChatApi({ baseUrl: server.url }).refresh(refreshToken)).resolves.toMatchObject({ user: { id: renewed.id } });
    expect(await sessionExists(loggedOutSession)).toBe(false);
    expect(await tokensOf(loggedOutSession)).toBe(0);
    expect(await ticketsOf(loggedOut)).toBe(0);
    expect(await sessionExists(recentSession)).toBe(true);
    expect(await sessionExists(lapsedSession)).toBe(false);
    expect(await tokensOf(lapsedSession)).toBe(0);
    expect((await db.query(`SELECT session_id AS s FROM push_subscriptions WHERE user_id = $1`, [lapsed.id])).map((r: { s: string }) => r.s)).toEqual([againSession]);
    const lapsedApi = new ChatApi({ baseUrl: server.url, accessToken: again.accessToken });
    expect((await lapsedApi.sessions()).sessions).toHaveLength(1);
    // A deleted token is refused like any unknown one.
    await expect(new ChatApi({ baseUrl: server.url }).refresh(lapsed.auth.refreshToken)).rejects.toMatchObject({ status: 401, body: { code: 'TOKEN_REVOKED' } });
  });
});

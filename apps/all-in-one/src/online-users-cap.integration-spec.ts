import { connect, eventuallyConnect, refusedHandshake, signUp, startTestApp, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const ONLINE_USERS = 2;
const LEASE_SECONDS = 3;

/**
 * TENANT_MAX_ONLINE_USERS (seed 001 FR-013, "10 concurrent users"): people online at once, each
 * counted once however many tabs and devices they connect, across every gateway (on Redis; here the
 * in-memory count of one node).
 */
describe('the cap on people online at once', () => {
  let server: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  beforeAll(async () => {
    server = await startTestApp(allInOne, { TENANT_MAX_ONLINE_USERS: String(ONLINE_USERS), TENANT_CONNECTION_LEASE_SECONDS: String(LEASE_SECONDS) });
    [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((name) => signUp(server.url, name)));
  });
  afterAll(() => server?.close());

  it('lets each person in once however many sockets they open, refuses someone more with 429 TOO_MANY_USERS_ONLINE, and frees the place once their last socket’s lease lapses', async () => {
    const alicesTabs = [await connect(server.url, alice.auth.accessToken), await connect(server.url, alice.auth.accessToken), await connect(server.url, alice.auth.accessToken)];
    const bobs = await connect(server.url, bob.auth.accessToken);
    const refused = await refusedHandshake(server.url, carol.auth.accessToken);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'TOO_MANY_USERS_ONLINE', message: `${ONLINE_USERS} people are connected here already, the most at once`, retryAfterSeconds: expect.any(Number) });
    // Someone already online is never refused by it: another tab of Bob's gets in.
    (await connect(server.url, bob.auth.accessToken)).close();
    expect((await refusedHandshake(server.url, carol.auth.accessToken)).body.code).toBe('TOO_MANY_USERS_ONLINE');

    // Alice closing two of three tabs is still Alice online, past the lease: her third renews it.
    alicesTabs[0].close();
    alicesTabs[1].close();
    await new Promise((resolve) => setTimeout(resolve, (LEASE_SECONDS + 1) * 1000));
    expect((await refusedHandshake(server.url, carol.auth.accessToken)).body.code).toBe('TOO_MANY_USERS_ONLINE');

    // Her last tab closed, her place lapses with its lease.
    alicesTabs[2].close();
    const carols = await eventuallyConnect(server.url, carol.auth.accessToken, (LEASE_SECONDS + 3) * 1000);
    expect((await refusedHandshake(server.url, alice.auth.accessToken)).body.code).toBe('TOO_MANY_USERS_ONLINE');
    carols.close();
    bobs.close();
  });
});

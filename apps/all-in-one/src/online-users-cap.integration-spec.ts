import { DEFAULT_TENANT_ID } from '@chat/contracts';
import { ChatApi } from '@chat/sdk';
import { connect, eventuallyConnect, refusal, refusedHandshake, signUp, startTestApp, uniqueName, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const ONLINE_USERS = 2;
const LEASE_SECONDS = 3;

/**
 * TENANT_MAX_ONLINE_USERS (seed 001 FR-013, "10 concurrent users"): people online at once, each
 * counted once however many tabs and devices they connect, across every gateway (on Redis; here the
 * in-memory count of one node). A tenant quota: platform operators may override it per tenant.
 */
describe('the cap on people online at once', () => {
  let server: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let operator: ChatApi;
  const operatorName = uniqueName('ops');
  beforeAll(async () => {
    server = await startTestApp(allInOne, { TENANT_MAX_ONLINE_USERS: String(ONLINE_USERS), TENANT_CONNECTION_LEASE_SECONDS: String(LEASE_SECONDS), ADMIN_USERNAMES: operatorName });
    [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((name) => signUp(server.url, name)));
    operator = new ChatApi({ baseUrl: server.url });
    await operator.register(operatorName, 'Operator', 'password-123');
  });
  afterAll(() => server?.close());

  it('lets each person in once however many sockets they open, refuses someone more with 429 TOO_MANY_USERS_ONLINE, and frees the place once their last socket’s lease lapses', async () => {
    const alicesTabs = [await connect(server.url, alice.auth.accessToken), await connect(server.url, alice.auth.accessToken), await connect(server.url, alice.auth.accessToken)];
    const bobs = await connect(server.url, bob.auth.accessToken);
    const refused = await refusedHandshake(server.url, carol.auth.accessToken);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({
      code: 'TOO_MANY_USERS_ONLINE',
      retryAfterSeconds: expect.any(Number),
      details: [{ field: 'onlineUsers', quota: 'onlineUsers', limit: ONLINE_USERS, upgradeUrl: null, problem: "your organisation's plan allows 2 people online at a time" }],
    });
    expect((await operator.tenantUsage()).quotas.onlineUsers).toEqual({ limit: ONLINE_USERS, source: 'default', used: 2 });
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

  it('takes a tenant’s override in place of the default: lower, unlimited (0), and back to the default (null)', async () => {
    const setOnline = (onlineUsers: number | null) => operator.setTenantQuotas(DEFAULT_TENANT_ID, { onlineUsers });
    expect(await refusal(operator.setTenantQuotas(DEFAULT_TENANT_ID, { onlineUsers: -1 }))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', body: { details: [{ field: 'onlineUsers' }] } });

    expect((await setOnline(1)).limits.onlineUsers).toBe(1);
    const alices = await eventuallyConnect(server.url, alice.auth.accessToken, (LEASE_SECONDS + 3) * 1000); // the last test's places lapse first
    expect((await refusedHandshake(server.url, bob.auth.accessToken)).body).toMatchObject({ code: 'TOO_MANY_USERS_ONLINE', details: [{ quota: 'onlineUsers', limit: 1 }] });
    expect((await operator.tenantUsage()).quotas.onlineUsers).toEqual({ limit: 1, source: 'tenant', used: 1 });

    await setOnline(0);
    const everyone = await Promise.all([bob, carol].map((user) => connect(server.url, user.auth.accessToken)));
    expect((await operator.tenantUsage()).quotas.onlineUsers).toEqual({ limit: 0, source: 'tenant', used: null });
    [alices, ...everyone].forEach((socket) => socket.close());

    expect((await setOnline(null)).limits.onlineUsers).toBe(ONLINE_USERS);
  });

  it('counts nobody online whom the connections cap refused', async () => {
    await operator.setTenantQuotas(DEFAULT_TENANT_ID, { connections: 2 });
    const alicesTabs = [await eventuallyConnect(server.url, alice.auth.accessToken, (LEASE_SECONDS + 3) * 1000), await connect(server.url, alice.auth.accessToken)];
    expect((await refusedHandshake(server.url, bob.auth.accessToken)).body).toMatchObject({ code: 'TENANT_QUOTA_EXCEEDED', details: [{ quota: 'connections', limit: 2 }] });
    expect((await operator.tenantUsage()).quotas.onlineUsers).toEqual({ limit: ONLINE_USERS, source: 'default', used: 1 });

    alicesTabs[0].close();
    const bobs = await eventuallyConnect(server.url, bob.auth.accessToken);
    expect((await operator.tenantUsage()).quotas.onlineUsers).toEqual({ limit: ONLINE_USERS, source: 'default', used: 2 });
    [alicesTabs[1], bobs].forEach((socket) => socket.close());
    await operator.setTenantQuotas(DEFAULT_TENANT_ID, { connections: null });
  });
});

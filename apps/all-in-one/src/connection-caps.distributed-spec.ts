import { connect, eventuallyConnect, refusedHandshake, signUp, startSplitCluster, type SplitCluster } from '@chat/testing';

const LEASE_SECONDS = 3;

/** The refusal's error body (a handshake the server must refuse). */
const refusal = async (url: string, token: string) => (await refusedHandshake(url, token)).body;

/**
 * Seed 003 R13.2 on the split deployment: the tenant's connection cap, and each account's
 * (USER_MAX_CONNECTIONS), are counts in Redis shared by both gateways, and the sockets of a
 * gateway that crashed stop counting once their leases lapse.
 */
describe('connection caps across gateways (Redis)', () => {
  let cluster: SplitCluster;
  beforeAll(async () => {
    cluster = await startSplitCluster({
      TENANT_MAX_CONNECTIONS: '2',
      USER_MAX_CONNECTIONS: '1',
      TENANT_CONNECTION_LEASE_SECONDS: String(LEASE_SECONDS),
      TENANT_UPGRADE_URL: 'https://billing.example.com/upgrade',
    });
  }, 180_000);
  afterAll(() => cluster?.stop());

  it("holds an account's cap over both gateways, and frees its place on close", async () => {
    const [a, b] = cluster.gateways;
    const [alice, bob] = await Promise.all([signUp(a, 'one-tab'), signUp(a, 'other')]);
    const onA = await connect(a, alice.auth.accessToken);
    expect(await refusal(b, alice.auth.accessToken)).toMatchObject({ code: 'TOO_MANY_CONNECTIONS', retryAfterSeconds: expect.any(Number) });
    // Her refusal took none of the tenant's places: someone else still gets the second.
    const bobOnB = await connect(b, bob.auth.accessToken);
    bobOnB.close();
    onA.close();
    (await eventuallyConnect(b, alice.auth.accessToken)).close();
  }, 60_000);

  it("holds the tenant's cap over both gateways, frees a place on close, and frees a crashed gateway's places after the lease", async () => {
    const [a, b] = cluster.gateways;
    const [alice, bob, carol, dave, erin] = await Promise.all(['alice', 'bob', 'carol', 'dave', 'erin'].map((name) => signUp(a, name)));
    const onA = await eventuallyConnect(a, alice.auth.accessToken);
    const onB = await eventuallyConnect(b, bob.auth.accessToken);
    expect(await refusal(a, carol.auth.accessToken)).toMatchObject({ code: 'TENANT_QUOTA_EXCEEDED', details: [{ quota: 'connections', limit: 2, upgradeUrl: 'https://billing.example.com/upgrade' }] });
    expect(await refusal(b, carol.auth.accessToken)).toMatchObject({ code: 'TENANT_QUOTA_EXCEEDED' });

    // A clean close gives the place back at once, to either gateway.
    onB.close();
    const again = await eventuallyConnect(a, carol.auth.accessToken);

    // Gateway B holds one of the two places when it dies without a word.
    again.close();
    const doomed = await eventuallyConnect(b, dave.auth.accessToken);
    await cluster.kill('gateway-b');
    doomed.close();
    expect(await refusal(a, erin.auth.accessToken)).toMatchObject({ code: 'TENANT_QUOTA_EXCEEDED' });
    // Gateway A keeps renewing its own socket's lease; B's lapse, the tenant's place and Dave's own.
    const started = Date.now();
    const freed = await eventuallyConnect(a, dave.auth.accessToken, (LEASE_SECONDS + 5) * 1000);
    expect(Date.now() - started).toBeGreaterThan(500);
    // Still two at most: Alice's socket outlived several leases because A renews it.
    expect(onA.socket.connected).toBe(true);
    expect(await refusal(a, erin.auth.accessToken)).toMatchObject({ code: 'TENANT_QUOTA_EXCEEDED' });
    freed.close();
    onA.close();
  }, 120_000);
});

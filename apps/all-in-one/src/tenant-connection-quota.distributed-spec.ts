import { ChatApiError, RealtimeClient } from '@chat/sdk';
import { connect, signUp, startSplitCluster, type SplitCluster } from '@chat/testing';

const LEASE_SECONDS = 3;

/** A handshake the server refuses: the error object of its connect_error. */
async function refusedHandshake(url: string, token: string): Promise<{ code: string; details?: unknown }> {
  const client = new RealtimeClient({ url, token, socket: { reconnection: false } });
  try {
    const err = await client.connected().then(() => null, (e: unknown) => e);
    if (!(err instanceof ChatApiError)) throw new Error(`expected a refused handshake, got ${String(err)}`);
    return err.body;
  } finally {
    client.close();
  }
}

/** Retries a connect until a place frees (a closed socket's release, or a dead gateway's lease lapsing). */
async function eventuallyConnect(url: string, token: string, timeoutMs: number): Promise<RealtimeClient> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new RealtimeClient({ url, token, socket: { reconnection: false } });
    try {
      await client.connected();
      return client;
    } catch (err) {
      client.close();
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/**
 * Seed 003 R13.2 on the split deployment: the tenant's connection cap is one count in Redis shared
 * by both gateways, and the sockets of a gateway that crashed stop counting once their leases lapse.
 */
describe('tenant connection cap across gateways (Redis)', () => {
  let cluster: SplitCluster;
  beforeAll(async () => {
    cluster = await startSplitCluster({ TENANT_MAX_CONNECTIONS: '2', TENANT_CONNECTION_LEASE_SECONDS: String(LEASE_SECONDS), TENANT_UPGRADE_URL: 'https://billing.example.com/upgrade' });
  }, 180_000);
  afterAll(() => cluster?.stop());

  it('holds the cap over both gateways, frees a place on close, and frees a crashed gateway\'s places after the lease', async () => {
    const [a, b] = cluster.gateways;
    const user = await signUp(a, 'capped');
    const token = user.auth.accessToken;
    const onA = await connect(a, token);
    const onB = await connect(b, token);
    expect(await refusedHandshake(a, token)).toMatchObject({ code: 'TENANT_QUOTA_EXCEEDED', details: [{ quota: 'connections', limit: 2, upgradeUrl: 'https://billing.example.com/upgrade' }] });
    expect(await refusedHandshake(b, token)).toMatchObject({ code: 'TENANT_QUOTA_EXCEEDED' });

    // A clean close gives the place back at once, to either gateway.
    onB.close();
    const again = await eventuallyConnect(a, token, 5_000);

    // Gateway B holds one of the two places when it dies without a word.
    again.close();
    const doomed = await eventuallyConnect(b, token, 5_000);
    await cluster.kill('gateway-b');
    doomed.close();
    expect(await refusedHandshake(a, token)).toMatchObject({ code: 'TENANT_QUOTA_EXCEEDED' });
    // Gateway A keeps renewing its own socket's lease; B's lapses.
    const started = Date.now();
    const freed = await eventuallyConnect(a, token, (LEASE_SECONDS + 5) * 1000);
    expect(Date.now() - started).toBeGreaterThan(500);
    // Still two at most: A's first socket outlived several leases because A renews it.
    expect(onA.socket.connected).toBe(true);
    expect(await refusedHandshake(a, token)).toMatchObject({ code: 'TENANT_QUOTA_EXCEEDED' });
    freed.close();
    onA.close();
  }, 120_000);
});

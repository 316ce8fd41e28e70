import { randomUUID } from 'node:crypto';
import { DEFAULT_TENANT_ID, type TenantQuotaOverrides } from '@chat/contracts';
import { ChatApi, ChatApiError } from '@chat/sdk';
import { connect, eventuallyConnect, refusal, refusedHandshake, signUp, startTestApp, uniqueName, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const UPGRADE = 'https://billing.example.com/upgrade';

/** A handshake over the cap is refused with the error body, and with 429 as the same refusal over REST would be. */
async function quotaRefusal(url: string, token: string): Promise<ChatApiError['body']> {
  const err = await refusedHandshake(url, token);
  expect(err.status).toBe(429);
  return err.body;
}

/** Seed 003 R13.2 and R13.5: per-tenant quotas on connections, messages per minute and storage, with clear feedback. */
describe('tenant quotas', () => {
  let server: TestApp;
  let admin: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  let channelId: string;
  const adminName = uniqueName('ops');
  const send = (user: TestUser, body = 'hi') => user.api.sendMessage(channelId, { clientMessageId: randomUUID(), body });
  const usage = () => admin.api.tenantUsage();
  // Bodies the SDK's type would not let through are sent too: the server is what refuses them.
  const setQuotas = (body: unknown, as = admin, tenantId = DEFAULT_TENANT_ID) => as.api.setTenantQuotas(tenantId, body as Partial<TenantQuotaOverrides>);

  beforeAll(async () => {
    server = await startTestApp(allInOne, {
      TENANT_MAX_CONNECTIONS: '2',
      TENANT_MESSAGES_PER_MINUTE: '3',
      TENANT_UPGRADE_URL: UPGRADE,
      ADMIN_USERNAMES: adminName,
      MEDIA_MIN_FREE_BYTES: '0',
    });
    const api = new ChatApi({ baseUrl: server.url });
    const auth = await api.register(adminName, 'Operator', 'password-123');
    admin = { api, auth, id: auth.user.id };
    [alice, bob] = await Promise.all([signUp(server.url, 'alice'), signUp(server.url, 'bob')]);
    channelId = (await alice.api.createConversation({ type: 'channel', name: `quota-${randomUUID().slice(0, 8)}` })).conversation.id;
    await bob.api.request('POST', `/v1/conversations/${channelId}/join`);
  });
  afterAll(() => server?.close());

  it('refuses a socket beyond TENANT_MAX_CONNECTIONS (whoever opens it) with connect_error TENANT_QUOTA_EXCEEDED naming the quota, and takes one again once a socket closes', async () => {
    const first = await connect(server.url, alice.auth.accessToken);
    const second = await connect(server.url, bob.auth.accessToken);
    try {
      expect(await quotaRefusal(server.url, alice.auth.accessToken)).toMatchObject({
        code: 'TENANT_QUOTA_EXCEEDED',
        retryAfterSeconds: expect.any(Number),
        details: [{ field: 'connections', quota: 'connections', limit: 2, upgradeUrl: UPGRADE }],
      });
      expect((await usage()).quotas.connections).toEqual({ limit: 2, source: 'default', used: 2 });
      first.close();
      const third = await eventuallyConnect(server.url, bob.auth.accessToken);
      third.close();
    } finally {
      first.close();
      second.close();
    }
  });

  it('refuses a send beyond TENANT_MESSAGES_PER_MINUTE, counted over all senders of the tenant, with 429, Retry-After and the quota in details (REST and socket)', async () => {
    await send(alice);
    await send(bob);
    await send(alice);
    const res = await fetch(`${server.url}/v1/conversations/${channelId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bob.auth.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientMessageId: randomUUID(), body: 'one too many' }),
    });
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    const { error } = await res.json();
    expect(error).toMatchObject({
      code: 'TENANT_QUOTA_EXCEEDED',
      message: 'Your organisation has reached its limit of messages per minute',
      retryAfterSeconds: retryAfter,
      details: [{ field: 'messagesPerMinute', quota: 'messagesPerMinute', limit: 3, upgradeUrl: UPGRADE }],
    });
    expect(error.hint).toContain(UPGRADE);

    const socket = await connect(server.url, alice.auth.accessToken);
    try {
      const refused = await refusal(socket.request('message.send', { conversationId: channelId, clientMessageId: randomUUID(), body: 'by socket' }));
      expect(refused.body).toMatchObject({ code: 'TENANT_QUOTA_EXCEEDED', details: [{ quota: 'messagesPerMinute', limit: 3 }] });
    } finally {
      socket.close();
    }
    expect((await usage()).quotas.messagesPerMinute).toEqual({ limit: 3, source: 'default', used: 3 });
  });

  it('shows usage to tenant administrators only', async () => {
    const seen = await usage();
    expect(seen).toMatchObject({ tenantId: DEFAULT_TENANT_ID, upgradeUrl: UPGRADE, quotas: { mediaBytes: { limit: 0, source: 'default', used: 0 } } });
    expect(await refusal(alice.api.request('GET', '/v1/tenant/usage'))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('lets platform operators override each quota per tenant (validated; 404 for an unknown tenant, 403 for anyone else), and the override is what is enforced', async () => {
    expect(await refusal(setQuotas({ messagesPerMinute: 10 }, alice))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    const bad = await refusal(setQuotas({ connections: -1, messagesPerMinute: 2.5, seats: 3 }));
    expect(bad).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(bad.body.details!.map((d) => d.field).sort()).toEqual(['connections', 'messagesPerMinute', 'seats']);
    expect(await refusal(setQuotas({}, admin, randomUUID()))).toMatchObject({ status: 404, code: 'TENANT_NOT_FOUND' });

    // Messages unlimited for this tenant although the default is 3; one connection; 10 bytes of files.
    expect(await setQuotas({ messagesPerMinute: 0, connections: 1, mediaBytes: 10 })).toEqual({
      tenantId: DEFAULT_TENANT_ID,
      overrides: { messagesPerMinute: 0, connections: 1, onlineUsers: null, mediaBytes: 10 },
      limits: { messagesPerMinute: 0, connections: 1, onlineUsers: 0, mediaBytes: 10 },
    });
    for (let i = 0; i < 5; i++) await send(i % 2 ? alice : bob);

    const only = await connect(server.url, alice.auth.accessToken);
    try {
      expect(await quotaRefusal(server.url, bob.auth.accessToken)).toMatchObject({ code: 'TENANT_QUOTA_EXCEEDED', details: [{ quota: 'connections', limit: 1 }] });
    } finally {
      only.close();
    }

    const full = await refusal(alice.api.uploadMedia(Buffer.alloc(20, 65), { name: 'big.txt', contentType: 'text/plain' }));
    expect(full).toMatchObject({ status: 507, code: 'INSUFFICIENT_STORAGE' });
    expect(full.body.details).toEqual([{ field: 'mediaBytes', quota: 'mediaBytes', limit: 10, upgradeUrl: UPGRADE, problem: expect.any(String) }]);
    expect((await alice.api.uploadMedia(Buffer.alloc(8, 65), { name: 'small.txt', contentType: 'text/plain' })).media.size).toBe(8);

    const seen = await usage();
    expect(seen.quotas).toEqual({
      connections: { limit: 1, source: 'tenant', used: 0 },
      onlineUsers: { limit: 0, source: 'default', used: null },
      messagesPerMinute: { limit: 0, source: 'tenant', used: null },
      mediaBytes: { limit: 10, source: 'tenant', used: 8 },
    });

    // null: back to the configuration's defaults.
    expect((await setQuotas({ connections: null, messagesPerMinute: null, mediaBytes: null })).limits).toEqual({ connections: 2, onlineUsers: 0, messagesPerMinute: 3, mediaBytes: 0 });
  });
});


import { randomUUID } from 'node:crypto';
import { ChatApi, RealtimeClient } from '@chat/sdk';
import { startTestApp, uniqueName, type TestApp } from '@chat/testing';
import { allInOne } from './definition';

/** A client whose every request says, as a proxy would, that it came from `forwardedFor`. */
const from = (baseUrl: string, forwardedFor: string) =>
  new ChatApi({ baseUrl, fetch: (url, init) => fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-forwarded-for': forwardedFor } }) });

async function socketFrom(baseUrl: string, token: string, forwardedFor: string): Promise<RealtimeClient> {
  const client = new RealtimeClient({ url: baseUrl, token, socket: { reconnection: false, extraHeaders: { 'x-forwarded-for': forwardedFor } } });
  await client.connected();
  return client;
}

/**
 * The caller's address behind a proxy (TRUST_PROXY): auth rate limits, sessions and the audit log
 * (REST and socket) name the client the trusted proxy forwarded, and nobody else's header is believed.
 */
describe('the caller behind a proxy (TRUST_PROXY)', () => {
  const password = 'password-123';

  /** An administrator (reads the audit log) and one user with a channel, each registered from its own forwarded address. */
  async function people(server: TestApp, adminName: string) {
    const admin = from(server.url, '198.51.100.9');
    await admin.register(adminName, 'Admin', password);
    const name = uniqueName('proxied');
    const user = await from(server.url, '203.0.113.1').register(name, 'Proxied', password);
    return { admin, name, user };
  }

  /** The audit entry of a history read over a socket that said it came from `forwardedFor`. */
  async function socketReadAddress(server: TestApp, admin: ChatApi, accessToken: string, forwardedFor: string): Promise<string | null> {
    const api = new ChatApi({ baseUrl: server.url, accessToken: accessToken });
    const { conversation } = await api.createConversation({ type: 'channel', name: `proxied-${randomUUID().slice(0, 8)}` });
    const socket = await socketFrom(server.url, accessToken, forwardedFor);
    try {
      await socket.request('sync', { conversationId: conversation.id, afterSeq: 0 });
    } finally {
      socket.close();
    }
    const { entries } = await admin.auditLog({ action: 'history.read', conversationId: conversation.id });
    return entries[0]?.ip ?? null;
  }

  describe('with the proxy trusted (TRUST_PROXY=loopback)', () => {
    const adminName = uniqueName('admin');
    let server: TestApp;
    beforeAll(async () => {
      server = await startTestApp(allInOne, { TRUST_PROXY: 'loopback', RATE_LIMIT_AUTH_PER_MINUTE: '3', ADMIN_USERNAMES: adminName });
    });
    afterAll(() => server?.close());

    it('gives each forwarded client its own auth rate-limit bucket and records its address on the login, the audit log and sockets', async () => {
      const { admin, name, user } = await people(server, adminName);
      const first = from(server.url, '203.0.113.1');
      await first.login(name, password);
      await first.login(name, password);
      // 203.0.113.1 has used its 3 attempts (register + 2 logins); another client behind the same proxy has not.
      await expect(first.login(name, password)).rejects.toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' } });
      const second = await from(server.url, '203.0.113.2').login(name, password);

      const { sessions } = await new ChatApi({ baseUrl: server.url, accessToken: second.accessToken }).sessions();
      expect(new Set(sessions.map((s) => s.ip))).toEqual(new Set(['203.0.113.1', '203.0.113.2']));
      const logins = await admin.auditLog({ action: 'auth.login', actorId: user.user.id });
      expect(new Set(logins.entries.map((e) => e.ip))).toEqual(new Set(['203.0.113.1', '203.0.113.2']));
      expect(await socketReadAddress(server, admin, second.accessToken, '203.0.113.3')).toBe('203.0.113.3');
    });
  });

  describe('by default (TRUST_PROXY unset)', () => {
    const adminName = uniqueName('admin');
    let server: TestApp;
    beforeAll(async () => {
      server = await startTestApp(allInOne, { RATE_LIMIT_AUTH_PER_MINUTE: '4', ADMIN_USERNAMES: adminName });
    });
    afterAll(() => server?.close());

    it('ignores X-Forwarded-For: one bucket per connection address, and the peer address recorded, so nobody can pose as another address', async () => {
      const { admin, name } = await people(server, adminName);
      const login = await from(server.url, '203.0.113.2').login(name, password);
      await from(server.url, '203.0.113.3').login(name, password);
      await expect(from(server.url, '203.0.113.4').login(name, password)).rejects.toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' } });

      const { sessions } = await new ChatApi({ baseUrl: server.url, accessToken: login.accessToken }).sessions();
      expect(sessions.map((s) => s.ip)).toEqual(sessions.map(() => expect.stringContaining('127.0.0.1')));
      expect(await socketReadAddress(server, admin, login.accessToken, '203.0.113.5')).toEqual(expect.stringContaining('127.0.0.1'));
    });
  });
});

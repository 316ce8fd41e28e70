import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

/** One JSON call over https that trusts `ca` (Node's fetch has no per-call CA). */
function httpsCall(url: string, ca: Buffer | undefined, method = 'GET', body?: unknown, token?: string): Promise<{ status: number; headers: Record<string, unknown>; data: any }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { ...(payload ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const req = request(url, { method, ca, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, data: text ? JSON.parse(text) : undefined }));
    });
    req.once('error', reject);
    req.end(payload);
  });
}

/** The one-box home deployment: the app serves https and wss itself from TLS_CERT_FILE and TLS_KEY_FILE. */
describe('built-in TLS (TLS_CERT_FILE, TLS_KEY_FILE)', () => {
  let dir: string;
  let ca: Buffer;
  let server: TestApp;
  let url: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'chat-tls-'));
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    ca = readFileSync(cert);
    server = await startTestApp(allInOne, { TLS_CERT_FILE: cert, TLS_KEY_FILE: key });
    url = server.url.replace(/^http:/, 'https:');
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers REST over https with HSTS, and refuses a client that does not trust the certificate', async () => {
    const registered = await httpsCall(`${url}/v1/auth/register`, ca, 'POST', { username: uniqueName('tls'), displayName: 'Over TLS', password: 'password-123' });
    expect(registered.status).toBe(201);
    const me = await httpsCall(`${url}/v1/me`, ca, 'GET', undefined, registered.data.accessToken);
    expect(me).toMatchObject({ status: 200, data: { user: { id: registered.data.user.id } } });
    expect(me.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    await expect(httpsCall(`${url}/health/live`, undefined)).rejects.toThrow(/self.signed certificate/i);
    // Plain http to the TLS port gets no answer.
    await expect(fetch(`${server.url}/health/live`)).rejects.toThrow();
  });

  it('carries sockets over wss on the same server', async () => {
    const { data: auth } = await httpsCall(`${url}/v1/auth/register`, ca, 'POST', { username: uniqueName('wss'), displayName: 'Over WSS', password: 'password-123' });
    const { data: created } = await httpsCall(`${url}/v1/conversations`, ca, 'POST', { type: 'channel', name: `tls-${randomUUID().slice(0, 8)}` }, auth.accessToken);
    const socket = new RealtimeClient({ url, token: auth.accessToken, socket: { reconnection: false, ca: ca.toString('utf8') } });
    try {
      await socket.connected();
      await socket.request('conversation.join', { conversationId: created.conversation.id });
      const { message } = await socket.request('message.send', { conversationId: created.conversation.id, clientMessageId: randomUUID(), body: 'sealed in transit' });
      expect(message.body).toBe('sealed in transit');
    } finally {
      socket.close();
    }
    const untrusting = new RealtimeClient({ url, token: auth.accessToken, socket: { reconnection: false } });
    try {
      await expect(untrusting.connected()).rejects.toThrow();
    } finally {
      untrusting.close();
    }
  });
});

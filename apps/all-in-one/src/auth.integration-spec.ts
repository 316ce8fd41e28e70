import { ChatApi, RealtimeClient } from '@chat/sdk';
import { Authenticator } from '@chat/identity';
import { connect, signUp, startTestApp, uniqueName, type TestApp } from '@chat/testing';
import { allInOne } from './definition';

describe('auth', () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await startTestApp(allInOne);
  });
  afterAll(() => server.close());

  it('registers, logs in with the password, and refuses a wrong one without saying which part was wrong', async () => {
    const api = new ChatApi({ baseUrl: server.url });
    const name = uniqueName('reg');
    const registered = await api.register(name, 'Réka 🌸', 'long-password');
    expect(registered.user).toMatchObject({ username: name, displayName: 'Réka 🌸', isGuest: false });
    const again = await api.login(name.toUpperCase(), 'long-password');
    expect(again.user.id).toBe(registered.user.id);
    const wrong = await api.login(name, 'nope-nope').catch((e) => e);
    const unknown = await api.login(uniqueName('ghost'), 'nope-nope').catch((e) => e);
    expect(wrong).toMatchObject({ status: 401, body: { code: 'INVALID_CREDENTIALS' } });
    expect(unknown.body.message).toBe(wrong.body.message);
    await expect(api.register(name, 'Other', 'long-password')).rejects.toMatchObject({ status: 409, body: { code: 'USERNAME_TAKEN' } });
  });

  it('finds people by the start of a username or display name, the exact username first, within the configured page', async () => {
    const stem = uniqueName('fi').toLowerCase();
    const api = new ChatApi({ baseUrl: server.url });
    const exact = await api.register(stem, 'Finley Exact', 'long-password');
    const longer = await new ChatApi({ baseUrl: server.url }).register(`${stem}x`, 'Finley Longer', 'long-password');
    const byName = await new ChatApi({ baseUrl: server.url }).register(uniqueName('zz'), `${stem.toUpperCase()} By Name`, 'long-password');
    const found = await api.findUsers({ q: stem.toUpperCase() });
    expect(new Set(found.users.map((u) => u.id))).toEqual(new Set([exact.user.id, longer.user.id, byName.user.id]));
    expect(found.users[0]).toEqual({ id: exact.user.id, username: stem, displayName: 'Finley Exact', avatarUrl: null, isGuest: false, createdAt: expect.any(String) });
    expect((await api.findUsers({ q: stem, limit: 1 })).users.map((u) => u.id)).toEqual([exact.user.id]);
    // LIKE wildcards are literal text, not patterns.
    expect((await api.findUsers({ q: '%' })).users).toEqual([]);
    await expect(api.findUsers({ q: stem, limit: 51 })).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    await expect(api.findUsers({ q: '   ' })).rejects.toMatchObject({ status: 400 });
    await expect(new ChatApi({ baseUrl: server.url }).findUsers({ q: stem })).rejects.toMatchObject({ status: 401 });
  });

  it('lists my logins with their device, and ends one from another device: its tokens fail and its sockets close at once', async () => {
    const user = await signUp(server.url, 'devices');
    const phone = new ChatApi({ baseUrl: server.url, fetch: (url, init) => fetch(url, { ...init, headers: { ...init?.headers, 'user-agent': 'ChatPhone/1.0' } }) });
    const phoneLogin = await phone.login(user.auth.user.username, 'password-123');
    const phoneSocket = await connect(server.url, phoneLogin.accessToken);
    const closed = new Promise<string>((resolve) => phoneSocket.socket.on('disconnect', resolve));

    const { sessions } = await user.api.sessions();
    expect(sessions).toHaveLength(2);
    const phoneSession = sessions.find((s) => !s.current)!;
    expect(phoneSession).toMatchObject({ userAgent: 'ChatPhone/1.0', ip: expect.stringContaining('127.0.0.1'), lastUsedAt: null });
    await phone.refresh(phoneLogin.refreshToken);
    expect((await user.api.sessions()).sessions.find((s) => s.id === phoneSession.id)!.lastUsedAt).not.toBeNull();

    await user.api.revokeSession(phoneSession.id);
    expect(await closed).toBe('io server disconnect');
    await expect(phone.me()).rejects.toMatchObject({ status: 401, body: { code: 'TOKEN_REVOKED' } });
    expect((await user.api.sessions()).sessions.map((s) => s.current)).toEqual([true]);
    await expect(user.api.revokeSession(phoneSession.id)).rejects.toMatchObject({ status: 404, body: { code: 'SESSION_NOT_FOUND' } });
    const stranger = await signUp(server.url, 'stranger');
    await expect(stranger.api.revokeSession((await user.api.sessions()).sessions[0].id)).rejects.toMatchObject({ status: 404 });
  });

  it('closes a socket whose login ends during its handshake, after the login was checked and before its rooms held it', async () => {
    const user = await signUp(server.url, 'racing');
    const first = await connect(server.url, user.auth.accessToken);
    const firstClosed = new Promise<string>((resolve) => first.socket.on('disconnect', resolve));
    const authenticator = server.app.get(Authenticator, { strict: false });
    const checked = authenticator.fromHandshake.bind(authenticator);
    // The logout lands in the window: once the second handshake's check passed, and fanned out (the
    // first socket closes) before the second socket is in its login's room.
    const spy = jest.spyOn(authenticator, 'fromHandshake').mockImplementationOnce(async (credential) => {
      const principal = await checked(credential);
      await user.api.logout();
      await firstClosed;
      return principal;
    });
    try {
      const second = new RealtimeClient({ url: server.url, token: user.auth.accessToken, socket: { reconnection: false } });
      const secondClosed = new Promise<string>((resolve) => second.socket.on('disconnect', resolve));
      expect(await secondClosed).toBe('io server disconnect');
      second.close();
    } finally {
      spy.mockRestore();
    }
  });

  it('closes the sockets of a login when it logs out', async () => {
    const user = await signUp(server.url, 'leaving');
    const socket = await connect(server.url, user.auth.accessToken);
    const closed = new Promise<string>((resolve) => socket.socket.on('disconnect', resolve));
    await user.api.logout();
    expect(await closed).toBe('io server disconnect');
  });

  it('stores passwords as argon2id hashes', async () => {
    const user = await signUp(server.url);
    const { DataSource } = await import('typeorm');
    const ds = server.app.get(DataSource);
    const [row] = await ds.query('SELECT password_hash FROM users WHERE id = $1', [user.id]);
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('rotates refresh tokens, and reusing an old one ends the whole login', async () => {
    const user = await signUp(server.url);
    const api = new ChatApi({ baseUrl: server.url });
    const second = await api.refresh(user.auth.refreshToken);
    expect(second.refreshToken).not.toBe(user.auth.refreshToken);
    await expect(api.me()).resolves.toMatchObject({ user: { id: user.id } });
    await expect(api.refresh(user.auth.refreshToken)).rejects.toMatchObject({ status: 401, body: { code: 'REFRESH_TOKEN_REUSED' } });
    await expect(api.refresh(second.refreshToken)).rejects.toMatchObject({ status: 401 });
    await expect(api.me()).rejects.toMatchObject({ status: 401, body: { code: 'TOKEN_REVOKED' } });
  });

  it('logout stops the access and refresh tokens of that login at once, and only that login', async () => {
    const user = await signUp(server.url);
    const otherDevice = new ChatApi({ baseUrl: server.url });
    const name = user.auth.user.username;
    await otherDevice.login(name, 'password-123');
    await user.api.logout();
    await expect(user.api.me()).rejects.toMatchObject({ status: 401, body: { code: 'TOKEN_REVOKED' } });
    await expect(new ChatApi({ baseUrl: server.url }).refresh(user.auth.refreshToken)).rejects.toMatchObject({ status: 401 });
    await expect(otherDevice.me()).resolves.toMatchObject({ user: { id: user.id } });
    await expect(connect(server.url, user.auth.accessToken)).rejects.toMatchObject({ body: { code: 'TOKEN_REVOKED' } });
  });

  it('guest login creates a guest once and logs into it again, but never into a registered name', async () => {
    const api = new ChatApi({ baseUrl: server.url });
    const name = uniqueName('guest');
    const first = await api.guest(name);
    const second = await api.guest(name);
    expect(first.user).toMatchObject({ isGuest: true, username: name });
    expect(second.user.id).toBe(first.user.id);
    const registered = await signUp(server.url);
    await expect(api.guest(registered.auth.user.username)).rejects.toMatchObject({ status: 409, body: { code: 'USERNAME_TAKEN' } });
  });

  it('refuses guest login when it is turned off', async () => {
    const closed = await startTestApp(allInOne, { GUEST_LOGIN_ENABLED: 'false' });
    try {
      await expect(new ChatApi({ baseUrl: closed.url }).guest(uniqueName())).rejects.toMatchObject({ status: 403, body: { code: 'GUEST_LOGIN_DISABLED' } });
    } finally {
      await closed.close();
    }
  });

  it('ws tickets open one socket, once', async () => {
    const user = await signUp(server.url);
    const { url, ticket, expiresAt } = await user.api.wsTicket();
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/socket\.io$/);
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now());
    const socket = await connect(server.url, ticket);
    socket.close();
    await expect(connect(server.url, ticket)).rejects.toMatchObject({ body: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses sockets without a valid credential, with the error shape', async () => {
    for (const token of ['', 'garbage', 'a.b.c']) {
      const client = new RealtimeClient({ url: server.url, token, socket: { reconnection: false } });
      try {
        await expect(client.connected()).rejects.toMatchObject({ status: 401, body: { code: expect.stringMatching(/UNAUTHENTICATED/), requestId: expect.any(String) } });
      } finally {
        client.close();
      }
    }
  });

  it('expired access tokens get TOKEN_EXPIRED', async () => {
    const short = await startTestApp(allInOne, { ACCESS_TOKEN_TTL_SECONDS: '5' });
    try {
      const user = await signUp(short.url);
      await new Promise((r) => setTimeout(r, 6_000));
      await expect(user.api.me()).rejects.toMatchObject({ status: 401, body: { code: 'TOKEN_EXPIRED' } });
      const renewed = await new ChatApi({ baseUrl: short.url }).refresh(user.auth.refreshToken);
      expect(renewed.accessToken).toBeTruthy();
    } finally {
      await short.close();
    }
  });
});

import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { DEFAULT_TENANT_ID, type AuditAction, type AuditEntry, type DevicePublicJwk } from '@chat/contracts';
import { base32Decode, totpCode } from '@chat/identity';
import { ChatApi } from '@chat/sdk';
import { controlClock, signUp, startTestApp, uniqueName, type TestApp, type TestClock, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

const STEP_MS = 30_000;

/**
 * Seed 000 SC-005, seed 001 SR-003, seed 003 R9.3: ending logins, two-step login and E2EE device
 * changes, and administrators' bans, tenant settings, quota overrides and dead-letter replays are
 * in the audit log with their outcome and what they acted on, never with a secret.
 */
describe('audit log: security and administrative actions', () => {
  const adminName = uniqueName('auditor');
  let server: TestApp;
  let clock: TestClock;
  let admin: TestUser;

  beforeAll(async () => {
    server = await startTestApp(allInOne, { ADMIN_USERNAMES: adminName, AUDIT_LOG_MAX_LIMIT: '100' });
    clock = controlClock(server.app);
    const api = new ChatApi({ baseUrl: server.url });
    const auth = await api.register(adminName, 'Auditor', 'password-123');
    admin = { api, auth, id: auth.user.id };
  });
  afterAll(() => server?.close());

  const entriesOf = async (actorId: string): Promise<AuditEntry[]> => (await admin.api.auditLog({ actorId, limit: 100 })).entries;
  /** The actor's entries of these actions, oldest first, as [action, outcome, errorCode, details]. */
  const logOf = async (actorId: string, actions: readonly AuditAction[]) =>
    (await entriesOf(actorId))
      .filter((e) => actions.includes(e.action))
      .reverse()
      .map((e) => [e.action, e.outcome, e.errorCode, e.details]);

  it('records logouts and logins ended by id, with the session, failed attempts included', async () => {
    const user = await signUp(server.url, 'leaver');
    const other = new ChatApi({ baseUrl: server.url });
    await other.login(user.auth.user.username, 'password-123');
    const otherSession = (await other.sessions()).sessions.find((s) => s.current)!.id;
    const notMine = randomUUID();
    await user.api.revokeSession(otherSession);
    await expect(user.api.revokeSession(notMine)).rejects.toMatchObject({ status: 404, body: { code: 'SESSION_NOT_FOUND' } });
    const ownSession = (await user.api.sessions()).sessions.find((s) => s.current)!.id;
    await user.api.logout();

    expect(await logOf(user.id, ['auth.session.revoke', 'auth.logout'])).toEqual([
      ['auth.session.revoke', 'success', null, { sessionId: otherSession }],
      ['auth.session.revoke', 'failure', 'SESSION_NOT_FOUND', { sessionId: notMine }],
      ['auth.logout', 'success', null, { sessionId: ownSession }],
    ]);
    // A session id is not a conversation, even though it is the route's UUID parameter.
    expect((await entriesOf(user.id)).every((e) => e.conversationId === null)).toBe(true);
  });

  it('records two-step login started, confirmed and turned off, a wrong code as a failure, and never the secret or a code', async () => {
    const user = await signUp(server.url, 'careful');
    const codeAt = (secret: string, ms: number) => totpCode(base32Decode(secret), Math.floor(ms / STEP_MS));
    const { secret } = await user.api.enrolMfa();
    const confirming = codeAt(secret, clock.now());
    await user.api.confirmMfa(confirming);
    clock.advance(STEP_MS);
    await expect(user.api.disableMfa('000000')).rejects.toMatchObject({ status: 401, body: { code: 'INVALID_MFA_CODE' } });
    const turningOff = codeAt(secret, clock.now());
    await user.api.disableMfa(turningOff);

    expect(await logOf(user.id, ['auth.mfa.enrol', 'auth.mfa.confirm', 'auth.mfa.disable'])).toEqual([
      ['auth.mfa.enrol', 'success', null, {}],
      ['auth.mfa.confirm', 'success', null, {}],
      ['auth.mfa.disable', 'failure', 'INVALID_MFA_CODE', {}],
      ['auth.mfa.disable', 'success', null, {}],
    ]);
    const details = JSON.stringify((await entriesOf(user.id)).map((e) => e.details));
    for (const secretText of [secret, confirming, '000000', turningOff]) expect(details).not.toContain(secretText);
  });

  it('records E2EE devices registered and unlinked by id, and key backup changes, never a key or the backup', async () => {
    const user = await signUp(server.url, 'encrypted');
    const publicKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }) as DevicePublicJwk;
    const blob = `sealed-keys-${randomUUID()}`;
    await user.api.registerDeviceKey('laptop', publicKey);
    await expect(user.api.registerDeviceKey('bad id!', publicKey)).rejects.toMatchObject({ status: 400 });
    await user.api.unlinkDevice('laptop');
    await expect(user.api.unlinkDevice('laptop')).rejects.toMatchObject({ status: 404, body: { code: 'E2EE_DEVICE_NOT_FOUND' } });
    await user.api.putKeyBackup(blob);
    await user.api.optOutOfKeyBackup();
    await user.api.deleteKeyBackup();
    await expect(user.api.deleteKeyBackup()).rejects.toMatchObject({ status: 404, body: { code: 'E2EE_BACKUP_NOT_FOUND' } });

    expect(await logOf(user.id, ['e2ee.device.register', 'e2ee.device.unlink', 'e2ee.backup.store', 'e2ee.backup.opt-out', 'e2ee.backup.delete'])).toEqual([
      ['e2ee.device.register', 'success', null, { deviceId: 'laptop' }],
      ['e2ee.device.register', 'failure', 'VALIDATION_FAILED', { deviceId: 'bad id!' }],
      ['e2ee.device.unlink', 'success', null, { deviceId: 'laptop' }],
      ['e2ee.device.unlink', 'failure', 'E2EE_DEVICE_NOT_FOUND', { deviceId: 'laptop' }],
      ['e2ee.backup.store', 'success', null, {}],
      ['e2ee.backup.opt-out', 'success', null, {}],
      ['e2ee.backup.delete', 'success', null, {}],
      ['e2ee.backup.delete', 'failure', 'E2EE_BACKUP_NOT_FOUND', {}],
    ]);
    const logged = JSON.stringify(await entriesOf(user.id));
    expect(logged).not.toContain(blob);
    expect(logged).not.toContain(publicKey.x);
  });

  it('records account bans and their lifting by an administrator with the account acted on, and a non-administrator’s attempt as a failure', async () => {
    const [troll, nosy] = await Promise.all([signUp(server.url, 'troll'), signUp(server.url, 'nosy')]);
    await admin.api.request('POST', `/v1/admin/users/${troll.id}/ban`, { reason: 'spam', durationSeconds: 3600 });
    await admin.api.request('DELETE', `/v1/admin/users/${troll.id}/ban`);
    await expect(admin.api.request('DELETE', `/v1/admin/users/${troll.id}/ban`)).rejects.toMatchObject({ status: 404, body: { code: 'BAN_NOT_FOUND' } });
    await expect(nosy.api.request('POST', `/v1/admin/users/${troll.id}/ban`, {})).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });

    expect(await logOf(admin.id, ['admin.account.ban', 'admin.account.unban'])).toEqual([
      ['admin.account.ban', 'success', null, { userId: troll.id, durationSeconds: 3600 }],
      ['admin.account.unban', 'success', null, { userId: troll.id }],
      ['admin.account.unban', 'failure', 'BAN_NOT_FOUND', { userId: troll.id }],
    ]);
    expect(await logOf(nosy.id, ['admin.account.ban'])).toEqual([['admin.account.ban', 'failure', 'FORBIDDEN', { userId: troll.id }]]);
  });

  it('records tenant settings, quota overrides and dead-letter replays with what was asked, refusals included', async () => {
    const nosy = await signUp(server.url, 'nosy');
    const { tenant } = await admin.api.tenant();
    const settings = { openRegistration: tenant.openRegistration, guestsAllowed: !tenant.guestsAllowed };
    await admin.api.updateTenant(settings);
    await admin.api.updateTenant({ guestsAllowed: tenant.guestsAllowed });
    await expect(nosy.api.updateTenant({ openRegistration: false })).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });

    await admin.api.setTenantQuotas(DEFAULT_TENANT_ID, { connections: 1000, messagesPerMinute: 0, mediaBytes: null });
    await expect(admin.api.setTenantQuotas(DEFAULT_TENANT_ID, { connections: -1 })).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    await expect(nosy.api.setTenantQuotas(DEFAULT_TENANT_ID, { connections: 1 })).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });

    const eventId = randomUUID();
    await admin.api.request('POST', '/v1/admin/dead-letters/replay', { group: 'audit', eventId });
    await expect(nosy.api.request('POST', '/v1/admin/dead-letters/replay', { group: 'audit' })).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });

    expect(await logOf(admin.id, ['tenant.update', 'admin.quotas.update', 'admin.dead-letters.replay'])).toEqual([
      ['tenant.update', 'success', null, settings],
      ['tenant.update', 'success', null, { guestsAllowed: tenant.guestsAllowed }],
      ['admin.quotas.update', 'success', null, { tenantId: DEFAULT_TENANT_ID, connections: 1000, messagesPerMinute: 0, mediaBytes: null }],
      ['admin.quotas.update', 'failure', 'VALIDATION_FAILED', { tenantId: DEFAULT_TENANT_ID, connections: -1 }],
      ['admin.dead-letters.replay', 'success', null, { group: 'audit', eventId, replayed: 0, remaining: 0 }],
    ]);
    expect(await logOf(nosy.id, ['tenant.update', 'admin.quotas.update', 'admin.dead-letters.replay'])).toEqual([
      ['tenant.update', 'failure', 'FORBIDDEN', { openRegistration: false }],
      ['admin.quotas.update', 'failure', 'FORBIDDEN', { tenantId: DEFAULT_TENANT_ID, connections: 1 }],
      ['admin.dead-letters.replay', 'failure', 'FORBIDDEN', { group: 'audit' }],
    ]);
    // The new actions pass the log's action filter.
    expect((await admin.api.auditLog({ action: 'admin.dead-letters.replay' })).entries.map((e) => e.actorId)).toEqual([nosy.id, admin.id]);
  });
});

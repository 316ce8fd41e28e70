import { randomUUID } from 'node:crypto';
import { ChatApi } from '@chat/sdk';
import { describeTenantIsolation, signUp, startTestApp, uniqueName, type TestApp } from '@chat/testing';
import { allInOne } from './definition';

const password = 'password-123';
const slugOf = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/** Seed 003, requirement 13.1: several tenants on one server, each one's data out of the others' reach. */
describe('tenancy', () => {
  describe('a single-tenant server (the default)', () => {
    let server: TestApp;
    beforeAll(async () => (server = await startTestApp(allInOne)));
    afterAll(() => server?.close());

    it('says so, refuses to create tenants and refuses a login naming another tenant, instead of quietly using its own', async () => {
      const api = new ChatApi({ baseUrl: server.url });
      expect(await api.tenancy()).toEqual({ mode: 'single', selfService: false });
      await expect(api.createTenant({ slug: 'acme', name: 'Acme', admin: { username: 'boss', displayName: 'Boss', password } })).rejects.toMatchObject({ status: 403, body: { code: 'TENANCY_DISABLED' } });
      await expect(new ChatApi({ baseUrl: server.url, tenant: 'acme' }).register(uniqueName('u'), 'U', password)).rejects.toMatchObject({ status: 404, body: { code: 'TENANT_NOT_FOUND' } });
      const user = await signUp(server.url, 'u', 'default');
      expect((await user.api.tenant()).tenant).toMatchObject({ slug: 'default', name: 'default' });
    });
  });

  describe('a multi-tenant server where operators create tenants', () => {
    const operatorName = uniqueName('operator');
    let server: TestApp;
    let operator: ChatApi;
    let acme: string;
    let acmeAdmin: ChatApi;

    beforeAll(async () => {
      // `root` is an administrator's name in the default tenant only: an account of that name elsewhere is nobody special.
      server = await startTestApp(allInOne, { TENANCY_MODE: 'multi', ADMIN_USERNAMES: `${operatorName},root`, TENANT_NAME_MAX_CHARS: '20' });
      operator = new ChatApi({ baseUrl: server.url });
      await operator.register(operatorName, 'Operator', password);
      acme = slugOf('acme');
      acmeAdmin = new ChatApi({ baseUrl: server.url, tenant: acme });
      const created = await operator.createTenant({ slug: acme, name: 'Acme', admin: { username: 'boss', displayName: 'The Boss', password } });
      expect(created.tenant).toMatchObject({ slug: acme, name: 'Acme' });
      await acmeAdmin.login('boss', password);
    });
    afterAll(() => server?.close());

    it('lets only operators create tenants, whose creator administers them and nothing else', async () => {
      expect(await operator.tenancy()).toEqual({ mode: 'multi', selfService: false });
      const request = { slug: slugOf('initech'), name: 'Initech', admin: { username: 'bill', displayName: 'Bill', password } };
      await expect(new ChatApi({ baseUrl: server.url }).createTenant(request)).rejects.toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
      const someone = await signUp(server.url);
      await expect(someone.api.createTenant(request)).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
      await expect(acmeAdmin.createTenant(request)).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });

      expect(await acmeAdmin.me()).toMatchObject({ user: { username: 'boss', displayName: 'The Boss' }, isAdmin: true });
      expect((await acmeAdmin.tenant()).tenant).toMatchObject({ slug: acme, name: 'Acme' });
      const root = new ChatApi({ baseUrl: server.url, tenant: acme });
      await root.register('root', 'Not an operator', password);
      expect(await root.me()).toMatchObject({ isAdmin: false });
      await expect(root.createTenant(request)).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    });

    it('refuses bad tenants with the contract error, leaving nothing half made', async () => {
      const admin = { username: 'boss', displayName: 'Boss', password };
      await expect(operator.createTenant({ slug: acme, name: 'Again', admin })).rejects.toMatchObject({ status: 409, body: { code: 'TENANT_SLUG_TAKEN' } });
      await expect(operator.createTenant({ slug: 'Bad Slug!', name: 'X', admin })).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'slug' })] } });
      await expect(operator.createTenant({ slug: slugOf('long'), name: 'A name longer than twenty', admin })).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
      const blank = slugOf('blank');
      await expect(operator.createTenant({ slug: blank, name: '   ', admin })).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'name' })] } });
      await expect(new ChatApi({ baseUrl: server.url, tenant: blank }).login('boss', password)).rejects.toMatchObject({ status: 404, body: { code: 'TENANT_NOT_FOUND' } });
      await expect(operator.request('POST', '/v1/tenants', { slug: slugOf('noadmin'), name: 'X' })).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });

      const slug = slugOf('weak');
      await expect(operator.createTenant({ slug, name: 'Weak', admin: { ...admin, password: 'short' } })).rejects.toMatchObject({ status: 400, body: { details: [expect.objectContaining({ field: 'admin.password' })] } });
      await expect(new ChatApi({ baseUrl: server.url, tenant: slug }).login('boss', 'short')).rejects.toMatchObject({ status: 404, body: { code: 'TENANT_NOT_FOUND' } });
      expect((await operator.createTenant({ slug, name: 'Weak', admin })).tenant.slug).toBe(slug);
    });
  });

  describe('a multi-tenant server with self-service', () => {
    let server: TestApp;
    beforeAll(async () => (server = await startTestApp(allInOne, { TENANCY_MODE: 'multi', TENANT_SELF_SERVICE: 'true' })));
    afterAll(() => server?.close());

    it('lets anyone create a tenant and administer it', async () => {
      const api = new ChatApi({ baseUrl: server.url });
      expect(await api.tenancy()).toEqual({ mode: 'multi', selfService: true });
      const slug = slugOf('startup');
      const { tenant, auth } = await api.createTenant({ slug, name: 'Startup', admin: { username: 'founder', displayName: 'Founder', password } });
      expect(auth.user.username).toBe('founder');
      const founder = new ChatApi({ baseUrl: server.url, tenant: slug, accessToken: auth.accessToken });
      expect(await founder.me()).toMatchObject({ isAdmin: true });
      expect((await founder.tenant()).tenant.id).toBe(tenant.id);
      const employee = await signUp(server.url, 'employee', slug);
      expect((await employee.api.tenant()).tenant.slug).toBe(slug);
      expect(await employee.api.me()).toMatchObject({ isAdmin: false });
    });

    it("lets a tenant's administrators close registration and allow guests, which a new tenant does not take", async () => {
      const slug = slugOf('closed');
      const { tenant, auth } = await new ChatApi({ baseUrl: server.url }).createTenant({ slug, name: 'Closed', admin: { username: 'keeper', displayName: 'Keeper', password } });
      expect(tenant).toMatchObject({ openRegistration: true, guestsAllowed: false });
      const admin = new ChatApi({ baseUrl: server.url, tenant: slug, accessToken: auth.accessToken });
      const visitor = () => new ChatApi({ baseUrl: server.url, tenant: slug });
      await expect(visitor().guest(uniqueName('guest'))).rejects.toMatchObject({ status: 403, body: { code: 'GUEST_LOGIN_DISABLED', message: expect.stringContaining('organization') } });
      expect((await admin.updateTenant({ guestsAllowed: true })).tenant).toMatchObject({ openRegistration: true, guestsAllowed: true });
      expect((await visitor().guest(uniqueName('guest'))).user.isGuest).toBe(true);

      const member = await signUp(server.url, 'member', slug);
      await expect(member.api.updateTenant({ openRegistration: false })).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
      await expect(admin.request('PATCH', '/v1/tenant', { openRegistration: 'no' })).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
      expect((await admin.updateTenant({ openRegistration: false })).tenant).toMatchObject({ openRegistration: false, guestsAllowed: true });
      await expect(visitor().register(uniqueName('late'), 'Late', password)).rejects.toMatchObject({ status: 403, body: { code: 'REGISTRATION_CLOSED' } });
      expect((await visitor().login(member.auth.user.username, password)).user.id).toBe(member.id);
      // The server's own tenant is untouched.
      expect((await signUp(server.url, 'own')).auth.user.isGuest).toBe(false);
    });
  });

  describeTenantIsolation('a multi-tenant server, embedded', async () => {
    const operatorName = uniqueName('operator');
    const server = await startTestApp(allInOne, { TENANCY_MODE: 'multi', ADMIN_USERNAMES: operatorName });
    const operator = new ChatApi({ baseUrl: server.url });
    await operator.register(operatorName, 'Operator', password);
    return { url: server.url, operator, close: () => server.close() };
  });
});

import { randomUUID } from 'node:crypto';
import type { ConversationSummary } from '@chat/contracts';
import { NewAccounts } from '@chat/identity';
import { ChatApi } from '@chat/sdk';
import { signUp, startTestApp, uniqueName, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';
import { codeOf, ssoLogin } from './sso-browser';
import { TestIdp } from './sso-idp';

const password = 'password-123';
const channelsOf = (list: ConversationSummary[]) => list.filter((c) => c.type === 'channel').map(({ id, name, visibility }) => ({ id, name, visibility }));

/**
 * Seed 002 US2.2 / SC-004: a new account lands in its tenant's default channels (DEFAULT_CHANNELS),
 * right after registering, the tenant's first account (a new tenant's administrator) founding each
 * as its owner.
 */
describe('default channels', () => {
  let idp: TestIdp;
  let server: TestApp;

  beforeAll(async () => {
    idp = await TestIdp.start();
    server = await startTestApp(allInOne, { ...(await idp.appEnv()), DEFAULT_CHANNELS: 'general,news', TENANCY_MODE: 'multi', TENANT_SELF_SERVICE: 'true' });
    await idp.admit([server]);
  });
  afterAll(async () => {
    await idp?.close();
    await server?.close();
  });

  /** A tenant of its own, whose administrator (made with it) founded its default channels. */
  async function newTenant(): Promise<{ slug: string; admin: TestUser }> {
    const slug = `t-${randomUUID().slice(0, 8)}`;
    const { auth } = await new ChatApi({ baseUrl: server.url }).createTenant({ slug, name: slug, admin: { username: 'admin', displayName: 'Admin', password } });
    return { slug, admin: { api: new ChatApi({ baseUrl: server.url, tenant: slug, accessToken: auth.accessToken }), auth, id: auth.user.id } };
  }

  /** A new tenant as it was before its first account: the channels its administrator founded are deleted. */
  async function tenantWithoutChannels(): Promise<{ slug: string; admin: TestUser }> {
    const tenant = await newTenant();
    for (const { id } of channelsOf(await tenant.admin.api.allConversations())) await tenant.admin.api.deleteConversation(id);
    return tenant;
  }

  const roleIn = async (user: TestUser, conversationId: string) => (await user.api.getConversation(conversationId)).members.find((m) => m.userId === user.id)?.role;

  it('has the first account found them as public channels it owns, and later accounts (a guest too) in them as members right after registering', async () => {
    const first = await signUp(server.url, 'first');
    const founded = channelsOf(await first.api.allConversations());
    expect(founded.map((c) => [c.name, c.visibility]).sort()).toEqual([
      ['general', 'public'],
      ['news', 'public'],
    ]);
    for (const { id } of founded) expect(await roleIn(first, id)).toBe('owner');
    expect((await first.api.me()).defaultChannels).toEqual(['general', 'news']);

    const second = await signUp(server.url, 'second');
    const guestApi = new ChatApi({ baseUrl: server.url });
    const guestAuth = await guestApi.guest(uniqueName('guest'));
    const guest: TestUser = { api: guestApi, auth: guestAuth, id: guestAuth.user.id };
    for (const later of [second, guest]) {
      expect(channelsOf(await later.api.allConversations())).toEqual(expect.arrayContaining(founded));
      for (const { id } of founded) expect(await roleIn(later, id)).toBe('member');
    }
    expect((await first.api.getConversation(founded[0].id)).conversation.memberCount).toBe(3);
  });

  it("has a new tenant's administrator found them, so its first registering user joins them as a member", async () => {
    const { slug, admin } = await newTenant();
    const founded = channelsOf(await admin.api.allConversations());
    expect(founded.map((c) => [c.name, c.visibility]).sort()).toEqual([
      ['general', 'public'],
      ['news', 'public'],
    ]);
    for (const { id } of founded) expect(await roleIn(admin, id)).toBe('owner');

    const first = await signUp(server.url, 'first', slug);
    expect(channelsOf(await first.api.allConversations())).toEqual(expect.arrayContaining(founded));
    for (const { id } of founded) expect(await roleIn(first, id)).toBe('member');
  });

  it('joins an account made at its first single sign-on, and only then', async () => {
    const sub = `sso-${randomUUID()}`;
    await idp.account(sub, { preferred_username: 'sso', name: 'By SSO' });
    const api = new ChatApi({ baseUrl: server.url });
    const auth = await api.exchangeSsoCode(codeOf(await ssoLogin(server, sub)));
    const person: TestUser = { api, auth, id: auth.user.id };
    const channels = channelsOf(await api.allConversations());
    expect(channels.map((c) => c.name).sort()).toEqual(['general', 'news']);
    for (const { id } of channels) expect(await roleIn(person, id)).toBe('member');
    await api.leave(channels[0].id);
    await new ChatApi({ baseUrl: server.url }).exchangeSsoCode(codeOf(await ssoLogin(server, sub)));
    expect(channelsOf(await api.allConversations())).toEqual([channels[1]]);
  });

  it("joins a tenant's accounts to that tenant's channels only", async () => {
    const [own, other] = [await newTenant(), await newTenant()];
    const [a1, a2] = [await signUp(server.url, 'a1', own.slug), await signUp(server.url, 'a2', own.slug)];
    const b1 = await signUp(server.url, 'b1', other.slug);
    const [ownGeneral, otherGeneral] = await Promise.all([a1, b1].map(async (u) => channelsOf(await u.api.allConversations()).find((c) => c.name === 'general')!));
    expect(ownGeneral.id).not.toBe(otherGeneral.id);
    expect(await roleIn(own.admin, ownGeneral.id)).toBe('owner');
    expect(await roleIn(other.admin, otherGeneral.id)).toBe('owner');
    expect(channelsOf(await a2.api.allConversations()).map((c) => c.id)).toContain(ownGeneral.id);
    expect(channelsOf(await a2.api.allConversations()).map((c) => c.id)).not.toContain(otherGeneral.id);
    expect((await b1.api.browsePublic({ q: 'general' })).conversations.map((c) => c.id)).toEqual([otherGeneral.id]);
  });

  it('keeps an account out of a private channel of that name, and out of one a ban in force keeps it from, without failing the registration', async () => {
    const { slug, admin } = await tenantWithoutChannels();
    await admin.api.createConversation({ type: 'channel', name: 'News', visibility: 'private' });
    const first = await signUp(server.url, 'first', slug);
    const [general] = channelsOf(await first.api.allConversations());
    expect(general).toMatchObject({ name: 'general', visibility: 'public' });
    expect(channelsOf(await first.api.allConversations())).toHaveLength(1);

    const banned = await signUp(server.url, 'banned', slug);
    expect(await roleIn(banned, general.id)).toBe('member');
    await first.api.ban(general.id, { userId: banned.id });
    // What registration runs for a new account, run again (a first SSO login racing itself does): the ban holds.
    await server.app.get(NewAccounts).created({ tenantId: (await banned.api.tenant()).tenant.id, userId: banned.id });
    expect(channelsOf(await banned.api.allConversations())).toEqual([]);
  });

  it('makes one channel of two registrations founding it at once, the other joining it', async () => {
    const { slug } = await tenantWithoutChannels();
    const users = await Promise.all(Array.from({ length: 4 }, (_, i) => signUp(server.url, `racer${i}`, slug)));
    const generals = await Promise.all(users.map(async (u) => channelsOf(await u.api.allConversations()).filter((c) => c.name === 'general')));
    const ids = new Set(generals.flat().map((c) => c.id));
    expect(generals.map((g) => g.length)).toEqual([1, 1, 1, 1]);
    expect(ids.size).toBe(1);
    const { members } = await users[0].api.getConversation([...ids][0]);
    expect(members.map((m) => m.role).sort()).toEqual(['member', 'member', 'member', 'owner']);
  });
});

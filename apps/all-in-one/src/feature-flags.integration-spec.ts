import { randomUUID } from 'node:crypto';
import { Controller, Get, Module, type DynamicModule } from '@nestjs/common';
import { Client } from 'pg';
import { FEATURE_KEYS, type FeatureFlagState, type FeatureKey, type MyFeaturesResponse, type ServerProtocolFrame, type UpdateFeatureFlagRequest } from '@chat/contracts';
import { rolloutBucket } from '@chat/features';
import { DeprecatedRoute } from '@chat/platform';
import { ChatApi, ChatApiError, RealtimeClient } from '@chat/sdk';
import { connect, eventually, signUp, startTestApp, uniqueName, type TestApp, type TestUser } from '@chat/testing';
import { AllInOneModule } from './app.module';
import { allInOne } from './definition';

/** A route that exists only here, to prove @DeprecatedRoute on a real server (no production route is superseded today). */
@Controller('v1/test-only/legacy-things')
class LegacyThingsController {
  @Get()
  @DeprecatedRoute({ since: '2026-12-01', sunset: '2027-06-30', successor: '/v1/test-only/things', guide: 'https://chat.example/docs/api-versions.md#migrating-legacy-things' })
  list(): { things: string[] } {
    return { things: ['old'] };
  }
}

@Module({})
class WithLegacyRoutes {}

const CACHE_MS = 2_000;

/** Seed 003 R17.2, 17.4, 17.5: feature flags per tenant and user, deprecation headers, the socket contract version. */
describe('feature flags, deprecation and protocol versions', () => {
  let server: TestApp;
  let db: Client;
  let admin: ChatApi;

  beforeAll(async () => {
    const adminName = uniqueName('flags');
    const definition = { ...allInOne, rootModule: (config: Parameters<typeof allInOne.rootModule>[0]): DynamicModule => ({ module: WithLegacyRoutes, imports: [AllInOneModule.forRoot(config)], controllers: [LegacyThingsController] }) };
    server = await startTestApp(definition, { ADMIN_USERNAMES: adminName, FEATURE_FLAGS_CACHE_MS: String(CACHE_MS), FEATURE_FLAG_OVERRIDES_MAX: '3' });
    admin = new ChatApi({ baseUrl: server.url });
    await admin.register(adminName, 'Flags admin', 'password-123');
    db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await server?.close();
  });

  const setFlag = async (key: FeatureKey, body: UpdateFeatureFlagRequest): Promise<FeatureFlagState> => (await admin.request<{ feature: FeatureFlagState }>('PUT', `/v1/admin/features/${key}`, body)).data.feature;
  const mine = async (user: TestUser) => (await user.api.request<MyFeaturesResponse>('GET', '/v1/me/features')).data.features;
  const searchBusinesses = (user: TestUser) => user.api.request('GET', '/v1/businesses?q=shop');
  const refusedAsDisabled = { status: 403, body: { code: 'FEATURE_DISABLED' } };

  it('starts every flag at its default, shows the state to administrators only, and lets only them change it', async () => {
    const user = await signUp(server.url);
    expect(await mine(user)).toEqual(Object.fromEntries(FEATURE_KEYS.map((k) => [k, true])));
    const { features } = (await admin.request<{ features: FeatureFlagState[] }>('GET', '/v1/admin/features')).data;
    expect(features.map((f) => f.key).sort()).toEqual([...FEATURE_KEYS].sort());
    expect(features.find((f) => f.key === 'businesses')).toMatchObject({ enabled: true, rolloutPercent: 100, overrides: [], customized: false, updatedAt: null });

    await expect(user.api.request('GET', '/v1/admin/features')).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    await expect(user.api.request('PUT', '/v1/admin/features/businesses', { enabled: false })).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    await expect(new ChatApi({ baseUrl: server.url }).request('GET', '/v1/me/features')).rejects.toMatchObject({ status: 401 });
    expect((await mine(user)).businesses).toBe(true);
    // Each try at a change is audited, with who, which flag and what they asked for.
    const { entries } = await admin.auditLog({ action: 'admin.feature.update' });
    expect(entries).toContainEqual(expect.objectContaining({ actorId: user.id, outcome: 'failure', errorCode: 'FORBIDDEN', details: expect.objectContaining({ key: 'businesses', enabled: false }) }));
  });

  const changeEvents = async (): Promise<{ key: string }[]> => (await db.query(`SELECT payload FROM outbox WHERE event_name = 'chat.feature.changed.v1' ORDER BY id`)).rows.map((r) => r.payload);

  it('refuses an unknown flag with 404 FEATURE_NOT_FOUND and a bad state with VALIDATION_FAILED, overrides within FEATURE_FLAG_OVERRIDES_MAX', async () => {
    const eventsBefore = (await changeEvents()).length;
    await expect(admin.request('PUT', '/v1/admin/features/teleportation', { enabled: true })).rejects.toMatchObject({ status: 404, body: { code: 'FEATURE_NOT_FOUND' } });
    const users = await Promise.all([signUp(server.url), signUp(server.url), signUp(server.url), signUp(server.url)]);
    const bad: object[] = [
      {},
      { enabled: 'yes' },
      { enabled: true, rolloutPercent: 101 },
      { enabled: true, rolloutPercent: -1 },
      { enabled: true, rolloutPercent: 12.5 },
      { enabled: true, overrides: [{ userId: 'not-a-uuid', enabled: true }] },
      { enabled: true, overrides: [{ userId: users[0].id }] },
      { enabled: true, overrides: [{ userId: users[0].id, enabled: true }, { userId: users[0].id, enabled: false }] },
      { enabled: true, overrides: users.map((u) => ({ userId: u.id, enabled: true })) },
      { enabled: true, surprise: 1 },
    ];
    for (const body of bad) await expect(admin.request('PUT', '/v1/admin/features/businesses', body)).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    await expect(admin.request('PUT', '/v1/admin/features/businesses', { enabled: true, overrides: [{ userId: randomUUID(), enabled: true }] })).rejects.toMatchObject({ status: 404, body: { code: 'USER_NOT_FOUND' } });
    // A refused change is not announced: its event commits with the change or not at all.
    expect(await changeEvents()).toHaveLength(eventsBefore);
    const three = await setFlag('businesses', { enabled: true, overrides: users.slice(0, 3).map((u) => ({ userId: u.id, enabled: true })) });
    expect(three.overrides).toHaveLength(3);
    await setFlag('businesses', { enabled: true });
    expect((await changeEvents()).slice(eventsBefore)).toEqual([
      { key: 'businesses', changedBy: (await admin.me()).user.id },
      { key: 'businesses', changedBy: (await admin.me()).user.id },
    ]);
  });

  it('turns a gated route off for everyone but the users forced on, who keep it', async () => {
    const [forcedOn, other] = await Promise.all([signUp(server.url, 'vip'), signUp(server.url)]);
    const state = await setFlag('businesses', { enabled: false, overrides: [{ userId: forcedOn.id, enabled: true }] });
    expect(state).toMatchObject({ key: 'businesses', enabled: false, rolloutPercent: 100, overrides: [{ userId: forcedOn.id, enabled: true }], customized: true, updatedAt: expect.any(String) });

    await expect(searchBusinesses(other)).rejects.toMatchObject({ ...refusedAsDisabled, body: { code: 'FEATURE_DISABLED', message: expect.stringContaining('"businesses"'), requestId: expect.any(String) } });
    await expect(other.api.request('GET', '/v1/me/businesses')).rejects.toMatchObject(refusedAsDisabled);
    await expect(other.api.request('POST', '/v1/businesses', { name: 'Nope' })).rejects.toMatchObject(refusedAsDisabled);
    expect((await mine(other)).businesses).toBe(false);

    expect((await searchBusinesses(forcedOn)).status).toBe(200);
    expect((await forcedOn.api.request('POST', '/v1/businesses', { name: `Shop ${randomUUID().slice(0, 6)}` })).status).toBe(201);
    expect((await mine(forcedOn)).businesses).toBe(true);
    expect((await mine(other))['message-reactions']).toBe(true);

    await setFlag('businesses', { enabled: true });
    expect((await searchBusinesses(other)).status).toBe(200);
  });

  it('lets an override off win over a flag that is on for everyone', async () => {
    const [excluded, other] = await Promise.all([signUp(server.url), signUp(server.url)]);
    await setFlag('businesses', { enabled: true, overrides: [{ userId: excluded.id, enabled: false }] });
    await expect(searchBusinesses(excluded)).rejects.toMatchObject(refusedAsDisabled);
    expect((await searchBusinesses(other)).status).toBe(200);
    await setFlag('businesses', { enabled: true });
  });

  it('rolls a flag out to the users whose stable bucket is below the percentage, the same answer every time', async () => {
    await setFlag('businesses', { enabled: true, rolloutPercent: 50 });
    const users: TestUser[] = [];
    while (!users.some((u) => rolloutBucket('businesses', u.id) < 50) || !users.some((u) => rolloutBucket('businesses', u.id) >= 50)) users.push(await signUp(server.url));
    for (const user of users) {
      const inside = rolloutBucket('businesses', user.id) < 50;
      for (let i = 0; i < 3; i++) expect((await mine(user)).businesses).toBe(inside);
      if (inside) expect((await searchBusinesses(user)).status).toBe(200);
      else await expect(searchBusinesses(user)).rejects.toMatchObject(refusedAsDisabled);
    }
    await setFlag('businesses', { enabled: true, rolloutPercent: 0 });
    expect((await mine(users[0])).businesses).toBe(false);
    await setFlag('businesses', { enabled: true, rolloutPercent: 100 });
    for (const user of users) expect((await mine(user)).businesses).toBe(true);
  });

  it('gates reactions and pins on REST and typing on the socket, where the feature lives', async () => {
    const [owner, member] = await Promise.all([signUp(server.url, 'owner'), signUp(server.url, 'member')]);
    const { conversation } = await owner.api.createConversation({ type: 'group', memberIds: [member.id] });
    const { message } = await owner.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'react to me' });
    await setFlag('message-reactions', { enabled: false, overrides: [{ userId: owner.id, enabled: true }] });
    await setFlag('message-pins', { enabled: false, overrides: [{ userId: owner.id, enabled: true }] });
    await setFlag('typing-indicators', { enabled: false, overrides: [{ userId: owner.id, enabled: true }] });
    try {
      await expect(member.api.react(conversation.id, message.id, '👍')).rejects.toMatchObject(refusedAsDisabled);
      await expect(member.api.unreact(conversation.id, message.id, '👍')).rejects.toMatchObject(refusedAsDisabled);
      expect((await owner.api.react(conversation.id, message.id, '👍')).reactions).toEqual({ '👍': 1 });
      await expect(member.api.pin(conversation.id, message.id)).rejects.toMatchObject(refusedAsDisabled);
      expect((await owner.api.pin(conversation.id, message.id)).pin.message.id).toBe(message.id);
      await expect(member.api.unpin(conversation.id, message.id)).rejects.toMatchObject(refusedAsDisabled);
      // What was pinned stays readable to everyone.
      expect((await member.api.pins(conversation.id)).pins.map((p) => p.message.id)).toEqual([message.id]);

      const [memberSocket, ownerSocket] = await Promise.all([connect(server.url, member.auth.accessToken), connect(server.url, owner.auth.accessToken)]);
      try {
        await expect(memberSocket.request('typing', { conversationId: conversation.id, isTyping: true })).rejects.toMatchObject({ body: { code: 'FEATURE_DISABLED' } });
        await expect(ownerSocket.request('typing', { conversationId: conversation.id, isTyping: true })).resolves.toEqual({});
        // Sending is never gated: no flag lookup on the send path.
        expect((await memberSocket.request('message.send', { conversationId: conversation.id, clientMessageId: randomUUID(), body: 'still here' })).message.body).toBe('still here');
      } finally {
        memberSocket.close();
        ownerSocket.close();
      }
    } finally {
      await setFlag('message-reactions', { enabled: true });
      await setFlag('message-pins', { enabled: true });
      await setFlag('typing-indicators', { enabled: true });
    }
  });

  it('sees a change made elsewhere (another process) within FEATURE_FLAGS_CACHE_MS, and not before', async () => {
    const user = await signUp(server.url);
    await setFlag('businesses', { enabled: true });
    expect((await searchBusinesses(user)).status).toBe(200);
    const changedAt = Date.now();
    // As another process's administrator would have: straight in the table, without this process hearing of it.
    await db.query(`UPDATE feature_flags SET enabled = false WHERE key = 'businesses'`);
    const cachedAnswer = await searchBusinesses(user).then((r) => r.status, (e: ChatApiError) => e.status);
    if (Date.now() - changedAt < CACHE_MS - 500) expect(cachedAnswer).toBe(200);
    await eventually(() => expect(searchBusinesses(user)).rejects.toMatchObject(refusedAsDisabled), { timeoutMs: CACHE_MS + 3_000, intervalMs: 200 });
    expect(Date.now() - changedAt).toBeLessThan(CACHE_MS + 3_000);
    await setFlag('businesses', { enabled: true });
    expect((await searchBusinesses(user)).status).toBe(200);
  });

  it('sends Deprecation, Sunset and Link on a deprecated route and marks it deprecated in the OpenAPI document', async () => {
    const res = await fetch(`${server.url}/v1/test-only/legacy-things`);
    expect(res.status).toBe(200);
    expect(res.headers.get('deprecation')).toBe(`@${Date.UTC(2026, 11, 1) / 1000}`);
    expect(res.headers.get('sunset')).toBe('Wed, 30 Jun 2027 00:00:00 GMT');
    expect(res.headers.get('link')).toContain('<https://chat.example/docs/api-versions.md#migrating-legacy-things>; rel="deprecation"');
    expect(res.headers.get('link')).toContain('</v1/test-only/things>; rel="successor-version"');
    const current = await fetch(`${server.url}/v1/me/features`, { headers: { authorization: `Bearer ${admin.accessToken}` } });
    expect(current.headers.get('deprecation')).toBeNull();

    const doc = (await (await fetch(`${server.url}/docs-json`)).json()) as { paths: Record<string, Record<string, { deprecated?: boolean; description?: string }>> };
    expect(doc.paths['/v1/test-only/legacy-things'].get).toMatchObject({ deprecated: true, description: expect.stringContaining('sunset 2027-06-30') });
    expect(doc.paths['/v1/me/features'].get.deprecated).toBeUndefined();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/admin/features', '/v1/admin/features/{key}']));
  });

  it('negotiates the socket contract version: absent or supported connects and is told, unsupported is refused with the versions served', async () => {
    const user = await signUp(server.url);
    for (const protocol of [undefined, 'v1']) {
      const client = new RealtimeClient({ url: server.url, token: user.auth.accessToken, protocol, socket: { reconnection: false } });
      const told = new Promise<ServerProtocolFrame>((resolve) => client.socket.on('server.protocol', resolve));
      try {
        await client.connected();
        expect(await told).toEqual({ protocol: 'v1', supported: ['v1'] });
        expect((await client.request('conversation.join', { conversationId: randomUUID() }).catch((e: ChatApiError) => e.body.code))).toBe('CONVERSATION_NOT_FOUND');
      } finally {
        client.close();
      }
    }
    for (const options of [{ protocol: 'v2' }, { socket: { reconnection: false, query: { protocol: 'v0' } } }]) {
      const client = new RealtimeClient({ url: server.url, token: user.auth.accessToken, socket: { reconnection: false }, ...options });
      try {
        const refused = await client.connected().then(() => null, (e: ChatApiError) => e);
        expect(refused).toBeInstanceOf(ChatApiError);
        expect(refused!.status).toBe(400);
        expect(refused!.body).toMatchObject({ code: 'UNSUPPORTED_PROTOCOL', supported: ['v1'], details: [{ field: 'auth.protocol' }], requestId: expect.any(String) });
      } finally {
        client.close();
      }
    }
    // The version is checked before the token: an old client is told to upgrade, not to log in again.
    const anonymous = new RealtimeClient({ url: server.url, token: 'not-a-token', protocol: 'v2', socket: { reconnection: false } });
    await expect(anonymous.connected()).rejects.toMatchObject({ status: 400, body: { code: 'UNSUPPORTED_PROTOCOL' } });
    anonymous.close();
  });
});

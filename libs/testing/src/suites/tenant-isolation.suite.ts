import { randomUUID } from 'node:crypto';
import { ChatApi } from '@chat/sdk';
import type { MyFeaturesResponse } from '@chat/contracts';
import { connect, record, signUp, type TestUser } from '../clients';
import { eventually } from '../eventually';

/** A multi-tenant server (TENANCY_MODE=multi, operators creating tenants) and one of its operators, registered in the default tenant. */
export interface TenancyTarget {
  url: string;
  operator: ChatApi;
  close(): Promise<void>;
}

const password = 'password-123';
const slugOf = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

/**
 * Seed 003, requirement 13.1: each tenant's data is out of every other tenant's reach, at the
 * database, in search and over sockets. Run against the embedded all-in-one (Postgres search)
 * and the split deployment (Elasticsearch, Redis, two gateways).
 */
export function describeTenantIsolation(name: string, factory: () => Promise<TenancyTarget>): void {
  describe(name, () => {
    let target: TenancyTarget;
    let acme: string;
    let globex: string;
    let acmeAdmin: ChatApi;

    beforeAll(async () => {
      target = await factory();
      [acme, globex] = [slugOf('acme'), slugOf('globex')];
      const admin = { username: 'boss', displayName: 'The Boss', password };
      const created = await target.operator.createTenant({ slug: acme, name: 'Acme', admin });
      expect(created.tenant).toMatchObject({ slug: acme, name: 'Acme' });
      await target.operator.createTenant({ slug: globex, name: 'Globex', admin });
      acmeAdmin = new ChatApi({ baseUrl: target.url, tenant: acme, accessToken: created.auth.accessToken });
    });
    afterAll(() => target?.close());

    it("keeps each tenant's people, conversations, messages, search and sockets out of every other tenant's reach", async () => {
      const { url } = target;
      const [alice, bob, mallory, twin] = await Promise.all([signUp(url, 'alice', acme), signUp(url, 'bob', acme), signUp(url, 'mallory', globex), signUp(url, 'twin', globex)]);
      // The same username in two tenants is two accounts.
      const aliceName = alice.auth.user.username;
      const namesake = await new ChatApi({ baseUrl: url, tenant: globex }).register(aliceName, 'Other Alice', 'another-password');
      expect(namesake.user.id).not.toBe(alice.id);
      await expect(new ChatApi({ baseUrl: url, tenant: globex }).login(aliceName, password)).rejects.toMatchObject({ status: 401, body: { code: 'INVALID_CREDENTIALS' } });

      const { conversation: group } = await alice.api.createConversation({ type: 'group', name: 'plans', memberIds: [bob.id] });
      const { conversation: channel } = await alice.api.createConversation({ type: 'channel', name: 'lobby', visibility: 'public' });
      const { message } = await alice.api.sendMessage(group.id, { clientMessageId: randomUUID(), body: 'quarterly secret figures' });
      // Indexed (at once embedded, through the bus and the search indexer when split) before anyone looks.
      await eventually(async () => expect((await bob.api.search({ q: 'quarterly' })).hits.map((h) => h.message.id)).toEqual([message.id]), { timeoutMs: 20_000, intervalMs: 200 });

      const outsiders: TestUser[] = [mallory, twin];
      for (const outsider of outsiders) {
        await expect(outsider.api.getConversation(group.id)).rejects.toMatchObject({ status: 404, body: { code: 'CONVERSATION_NOT_FOUND' } });
        await expect(outsider.api.history(group.id)).rejects.toMatchObject({ status: 404 });
        await expect(outsider.api.sendMessage(group.id, { clientMessageId: randomUUID(), body: 'hi' })).rejects.toMatchObject({ status: 404 });
        await expect(outsider.api.join(channel.id)).rejects.toMatchObject({ status: 404, body: { code: 'CONVERSATION_NOT_FOUND' } });
        await expect(outsider.api.deleteMessage(group.id, message.id)).rejects.toMatchObject({ status: 404 });
        await expect(outsider.api.createConversation({ type: 'direct', memberIds: [alice.id] })).rejects.toMatchObject({ status: 404, body: { code: 'USER_NOT_FOUND' } });
        await expect(outsider.api.createConversation({ type: 'group', name: 'lure', memberIds: [bob.id] })).rejects.toMatchObject({ status: 404, body: { code: 'USER_NOT_FOUND' } });
        expect((await outsider.api.browsePublic()).conversations.map((c) => c.id)).not.toContain(channel.id);
        expect((await outsider.api.findUsers({ q: aliceName })).users.map((u) => u.id)).toEqual([namesake.user.id]);
        expect((await outsider.api.search({ q: 'quarterly' })).hits).toEqual([]);
        expect((await outsider.api.listConversations()).conversations).toEqual([]);
      }

      const socket = await connect(url, mallory.auth.accessToken);
      try {
        await expect(socket.request('conversation.join', { conversationId: group.id })).rejects.toMatchObject({ body: { code: 'CONVERSATION_NOT_FOUND' } });
      } finally {
        socket.close();
      }
    });

    it("gives each tenant's administrators their own tenant to administer, and files logins in the tenant they are for", async () => {
      const [member, outsider] = await Promise.all([signUp(target.url, 'member', acme), signUp(target.url, 'outsider', globex)]);
      expect(await acmeAdmin.me()).toMatchObject({ user: { username: 'boss', displayName: 'The Boss' }, isAdmin: true });
      expect((await acmeAdmin.tenant()).tenant).toMatchObject({ slug: acme, name: 'Acme' });
      await expect(acmeAdmin.request('POST', `/v1/admin/users/${outsider.id}/ban`, {})).rejects.toMatchObject({ status: 404, body: { code: 'USER_NOT_FOUND' } });
      await acmeAdmin.request('POST', `/v1/admin/users/${member.id}/ban`, { durationSeconds: 60 });
      await expect(member.api.me()).rejects.toMatchObject({ status: 401 });

      const registered = (await acmeAdmin.auditLog({ action: 'auth.register' })).entries.map((e) => e.actorId);
      expect(registered).toContain(member.id);
      expect(registered).not.toContain(outsider.id);
    });

    it("tells a feature flag's change to every device of its tenant and to no other tenant's, each then asking what is on for them", async () => {
      const [worker, outsider] = await Promise.all([signUp(target.url, 'worker', acme), signUp(target.url, 'outsider')]);
      const mine = async (user: TestUser) => (await user.api.request<MyFeaturesResponse>('GET', '/v1/me/features')).data.features;
      const [inAcme, inDefault] = await Promise.all([connect(target.url, worker.auth.accessToken), connect(target.url, outsider.auth.accessToken)]);
      try {
        const acmeTold = record(inAcme, 'features.updated');
        const defaultTold = record(inDefault, 'features.updated');
        await acmeAdmin.setFeatureFlag('message-pins', { enabled: false });
        await acmeTold.waitFor(1);
        // FEATURE_FLAGS_CACHE_MS and FEATURE_FLAGS_REFRESH_SPREAD_MS at their defaults.
        expect(acmeTold.frames).toEqual([expect.objectContaining({ key: 'message-pins', refreshAfterMs: 5_000, refreshSpreadMs: 10_000 })]);
        await eventually(async () => expect((await mine(worker))['message-pins']).toBe(false), { timeoutMs: 10_000, intervalMs: 250 });

        await target.operator.setFeatureFlag('businesses', { enabled: true });
        await defaultTold.waitFor(1);
        expect(defaultTold.frames).toEqual([expect.objectContaining({ key: 'businesses' })]);
        // Each heard its own tenant's change only (the frames of one event leave together).
        expect(acmeTold.frames).toHaveLength(1);
        expect((await mine(outsider))['message-pins']).toBe(true);
      } finally {
        inAcme.close();
        inDefault.close();
      }
    });
  });
}

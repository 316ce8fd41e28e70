import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Business, BusinessConversation, BusinessHours, BusinessInboxResponse } from '@chat/contracts';
import { WaitingRoutingJob } from '@chat/businesses';
import { ChatApi } from '@chat/sdk';
import { connect, eventually, record, signUp, startTestApp, uniqueName, type TestApp, type TestUser } from '@chat/testing';
import { allInOne } from './definition';

/** Seed 004, requirements 2.3–2.5, 6.5 and 7: users message businesses, agents work their inbox. */
describe('business chats', () => {
  let server: TestApp;
  let db: Client;
  // A tenant administrator, who bans accounts (ADMIN_USERNAMES).
  const adminName = uniqueName('root');
  let admin: ChatApi;

  beforeAll(async () => {
    server = await startTestApp(allInOne, {
      ADMIN_USERNAMES: adminName,
      BUSINESS_AGENTS_MAX: '3',
      BUSINESS_INBOX_DEFAULT_LIMIT: '10',
      BUSINESS_INBOX_MAX_LIMIT: '20',
      BUSINESS_SEARCH_DEFAULT_LIMIT: '3',
      BUSINESS_SEARCH_MAX_LIMIT: '5',
      // The periodic routing pass runs when a test calls it (WaitingRoutingJob.run), not on its own.
      BUSINESS_ROUTING_INTERVAL_SECONDS: '0',
    });
    db = new Client({ connectionString: server.databaseUrl });
    await db.connect();
    admin = new ChatApi({ baseUrl: server.url });
    await admin.register(adminName, 'Root', 'password-123');
  });
  afterAll(async () => {
    await db?.end();
    await server?.close();
  });

  const createBusiness = async (owner: TestUser, body: object = {}): Promise<Business> =>
    (await owner.api.request<{ business: Business }>('POST', '/v1/businesses', { name: `Shop ${randomUUID().slice(0, 6)}`, ...body })).data.business;
  const open = (customer: TestUser, businessId: string) => customer.api.request<{ businessConversation: BusinessConversation }>('POST', `/v1/businesses/${businessId}/conversations`);
  const inbox = async (agent: TestUser, businessId: string, query = ''): Promise<BusinessConversation[]> =>
    (await agent.api.request<BusinessInboxResponse>('GET', `/v1/businesses/${businessId}/inbox${query}`)).data.conversations;
  const addAgent = (owner: TestUser, businessId: string, userId: string) => owner.api.request<{ business: Business }>('PUT', `/v1/businesses/${businessId}/agents/${userId}`);

  it('puts a customer’s message to a business in its inbox with an agent as third participant, who reads it from the start', async () => {
    const [owner, agent, customer] = await Promise.all([signUp(server.url, 'owner'), signUp(server.url, 'agent'), signUp(server.url, 'customer')]);
    const business = await createBusiness(owner);
    expect(business).toMatchObject({ ownerId: owner.id, routing: 'round-robin', hours: null, open: true, presence: 'offline', agentIds: [owner.id] });
    await addAgent(owner, business.id, agent.id);
    await owner.api.request('DELETE', `/v1/businesses/${business.id}/agents/${owner.id}`);
    const socket = await connect(server.url, agent.auth.accessToken);
    const joined = record(socket, 'member.joined');

    const first = await open(customer, business.id);
    expect(first.status).toBe(201);
    const { conversation, agentId } = first.data.businessConversation;
    expect(conversation).toMatchObject({ type: 'business', name: business.name, memberCount: 2 });
    expect(agentId).toBe(agent.id);
    const again = await open(customer, business.id);
    expect(again.status).toBe(200);
    expect(again.data.businessConversation.conversation.id).toBe(conversation.id);

    await customer.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'Is my order shipped?' });
    await joined.waitFor(1);
    expect(joined.frames[0]).toMatchObject({ conversationId: conversation.id, userId: agent.id, role: 'admin' });
    expect((await agent.api.history(conversation.id)).messages.map((m) => m.body)).toEqual(['Is my order shipped?']);
    const listed = await eventually(async () => {
      const { conversations } = await agent.api.listConversations();
      const found = conversations.find((c) => c.id === conversation.id);
      expect(found).toMatchObject({ name: business.name, unreadCount: 1 });
      return found;
    });
    expect(listed!.type).toBe('business');
    expect((await inbox(agent, business.id)).map((c) => [c.conversation.id, c.customerId, c.customerName, c.agentId])).toEqual([[conversation.id, customer.id, customer.auth.user.displayName, agent.id]]);
    socket.close();

    // Nobody joins, leaves, invites or renames by the generic routes; the seat moves by assignment.
    await expect(customer.api.leave(conversation.id)).rejects.toMatchObject({ status: 409, body: { code: 'OPERATION_NOT_SUPPORTED' } });
    await expect(agent.api.invite(conversation.id, owner.id)).rejects.toMatchObject({ body: { code: 'OPERATION_NOT_SUPPORTED' } });
    await expect(customer.api.createConversation({ type: 'business', memberIds: [agent.id] })).rejects.toMatchObject({ status: 400 });
    await expect(agent.api.request('POST', `/v1/businesses/${business.id}/conversations`)).rejects.toMatchObject({ body: { code: 'OPERATION_NOT_SUPPORTED' } });
  });

  it('names the people behind the ids: its agents (with pictures) for its owner and agents only, each inbox conversation’s customer (with picture) and agent', async () => {
    const [owner, agent, customer, waiting] = await Promise.all([signUp(server.url, 'owner'), signUp(server.url, 'agent'), signUp(server.url, 'customer'), signUp(server.url, 'customer')]);
    // Pictures as the main service sets them (users.avatar_url), read at each request: the owner and one customer have one.
    const avatars = { [owner.id]: 'https://cdn.example/owner.png', [customer.id]: 'https://cdn.example/customer.png' };
    for (const [id, url] of Object.entries(avatars)) await db.query(`UPDATE users SET avatar_url = $2 WHERE id = $1`, [id, url]);
    const business = await createBusiness(owner);
    await addAgent(owner, business.id, agent.id);
    const named = (u: TestUser) => ({ id: u.id, username: u.auth.user.username, displayName: u.auth.user.displayName, avatarUrl: avatars[u.id] ?? null });
    const get = async (viewer: TestUser) => (await viewer.api.request<{ business: Business }>('GET', `/v1/businesses/${business.id}`)).data.business;
    // Longest-standing first, as agentIds.
    expect(await get(owner)).toMatchObject({ agentIds: [owner.id, agent.id], agents: [named(owner), named(agent)] });
    expect((await get(agent)).agents).toEqual([named(owner), named(agent)]);
    expect(await get(customer)).toMatchObject({ agentIds: null, agents: null });
    expect((await customer.api.searchBusinesses({ q: business.name })).businesses.find((b) => b.id === business.id)).toMatchObject({ agents: null });

    // The owner stops taking conversations: the agent gets the first; the second waits outside hours.
    await owner.api.removeBusinessAgent(business.id, owner.id);
    const opened = (await open(customer, business.id)).data.businessConversation;
    expect(opened).toMatchObject({ agentId: agent.id, agentName: agent.auth.user.displayName });
    await owner.api.updateBusiness(business.id, { hours: { timeZone: 'UTC', days: {} } });
    expect((await open(waiting, business.id)).data.businessConversation).toMatchObject({ agentId: null, agentName: null });
    const rows = await inbox(owner, business.id);
    expect(Object.fromEntries(rows.map((c) => [c.customerId, c.agentName]))).toEqual({ [customer.id]: agent.auth.user.displayName, [waiting.id]: null });
    expect(Object.fromEntries(rows.map((c) => [c.customerId, [c.customerName, c.customerAvatarUrl]]))).toEqual({
      [customer.id]: [customer.auth.user.displayName, 'https://cdn.example/customer.png'],
      [waiting.id]: [waiting.auth.user.displayName, null],
    });
    expect(opened.customerAvatarUrl).toBe('https://cdn.example/customer.png');
    // Read from the account at each request: a removed picture is gone at the next read.
    await db.query(`UPDATE users SET avatar_url = NULL WHERE id = $1`, [customer.id]);
    expect((await inbox(agent, business.id)).find((c) => c.customerId === customer.id)!.customerAvatarUrl).toBeNull();
    const claimed = await owner.api.request<{ businessConversation: BusinessConversation }>('POST', `/v1/businesses/${business.id}/conversations/${rows.find((c) => c.customerId === waiting.id)!.conversation.id}/assign`, { agentId: agent.id });
    expect(claimed.data.businessConversation).toMatchObject({ agentId: agent.id, agentName: agent.auth.user.displayName });
  });

  it('takes turns round-robin, or gives the least busy agent the next one, online agents first', async () => {
    const [owner, a, b] = await Promise.all([signUp(server.url, 'owner'), signUp(server.url, 'agent-a'), signUp(server.url, 'agent-b')]);
    const roundRobin = await createBusiness(owner);
    await addAgent(owner, roundRobin.id, a.id);
    await addAgent(owner, roundRobin.id, b.id);
    const customers = await Promise.all([1, 2, 3, 4, 5, 6].map(() => signUp(server.url, 'customer')));
    const assigned: string[] = [];
    for (const c of customers) assigned.push((await open(c, roundRobin.id)).data.businessConversation.agentId!);
    // Three agents (owner, a, b), each in turn, twice.
    expect(assigned.slice(0, 3).sort()).toEqual([owner.id, a.id, b.id].sort());
    expect(assigned.slice(3)).toEqual(assigned.slice(0, 3));

    const leastBusy = await createBusiness(owner, { routing: 'least-busy' });
    await addAgent(owner, leastBusy.id, a.id);
    await addAgent(owner, leastBusy.id, b.id);
    const socketA = await connect(server.url, a.auth.accessToken);
    try {
      // Only a is online: a gets them, however busy.
      for (const c of customers.slice(0, 2)) expect((await open(c, leastBusy.id)).data.businessConversation.agentId).toBe(a.id);
      expect((await owner.api.request<{ business: Business }>('GET', `/v1/businesses/${leastBusy.id}`)).data.business.presence).toBe('online');
    } finally {
      socketA.close();
    }
    // Nobody online: the least busy of all (owner and b have none; owner waited longer).
    await eventually(async () => expect((await customers[2].api.request<{ business: Business }>('GET', `/v1/businesses/${leastBusy.id}`)).data.business).toMatchObject({ presence: 'offline', agentIds: null }));
    const next = [(await open(customers[2], leastBusy.id)).data.businessConversation.agentId, (await open(customers[3], leastBusy.id)).data.businessConversation.agentId];
    expect(next.sort()).toEqual([owner.id, b.id].sort());
  });

  it('keeps conversations that arrive outside business hours waiting in the inbox until an agent claims one', async () => {
    const [owner, agent, customer] = await Promise.all([signUp(server.url, 'owner'), signUp(server.url, 'agent'), signUp(server.url, 'customer')]);
    const now = new Date();
    const closedToday: BusinessHours = { timeZone: 'UTC', days: {} };
    const business = await createBusiness(owner, { hours: closedToday });
    expect(business.open).toBe(false);
    await addAgent(owner, business.id, agent.id);
    const { businessConversation } = (await open(customer, business.id)).data;
    expect(businessConversation).toMatchObject({ agentId: null, assignedAt: null });
    expect((await inbox(agent, business.id, '?assigned=none')).map((c) => c.conversation.id)).toEqual([businessConversation.conversation.id]);
    expect(await inbox(agent, business.id, '?assigned=me')).toEqual([]);

    const claimed = await agent.api.request<{ businessConversation: BusinessConversation }>('POST', `/v1/businesses/${business.id}/conversations/${businessConversation.conversation.id}/assign`, {});
    expect(claimed.data.businessConversation).toMatchObject({ agentId: agent.id, assignedAt: expect.any(String) });
    expect((await inbox(agent, business.id, '?assigned=me')).map((c) => c.conversation.id)).toEqual([businessConversation.conversation.id]);

    // Open all day today: a new customer gets an agent at once.
    const today = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][now.getUTCDay()];
    const updated = await owner.api.request<{ business: Business }>('PATCH', `/v1/businesses/${business.id}`, { hours: { timeZone: 'UTC', days: { [today]: [['00:00', '24:00']] } } });
    expect(updated.data.business.open).toBe(true);
    expect((await open(await signUp(server.url, 'customer'), business.id)).data.businessConversation.agentId).not.toBeNull();
  });

  const todayAllDay = (): BusinessHours => ({ timeZone: 'UTC', days: { [['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][new Date().getUTCDay()]]: [['00:00', '24:00']] } });

  it('routes a conversation that waited outside business hours once the hours make the business open, without a claim', async () => {
    const [owner, agent, customer] = await Promise.all([signUp(server.url, 'owner'), signUp(server.url, 'agent'), signUp(server.url, 'customer')]);
    const business = await createBusiness(owner, { hours: { timeZone: 'UTC', days: {} } });
    await owner.api.removeBusinessAgent(business.id, owner.id);
    await addAgent(owner, business.id, agent.id);
    const socket = await connect(server.url, agent.auth.accessToken);
    try {
      const waiting = record(socket, 'business.conversation.waiting');
      const { conversation } = (await open(customer, business.id)).data.businessConversation;
      // The agent hears at once that it waits, though not a member of it.
      await waiting.waitFor(1);
      expect(waiting.frames[0]).toMatchObject({ businessId: business.id, conversationId: conversation.id, customerId: customer.id });
      const joined = record(socket, 'member.joined');
      expect((await inbox(owner, business.id, '?assigned=none')).map((c) => c.conversation.id)).toEqual([conversation.id]);

      await owner.api.request('PATCH', `/v1/businesses/${business.id}`, { hours: todayAllDay() });
      expect((await inbox(owner, business.id)).map((c) => [c.conversation.id, c.agentId])).toEqual([[conversation.id, agent.id]]);
      // As an assignment at creation: the agent joins as an admin, told live, and reads the conversation.
      await joined.waitFor(1);
      expect(joined.frames[0]).toMatchObject({ conversationId: conversation.id, userId: agent.id, role: 'admin' });
      await customer.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body: 'Hello?' });
      expect((await agent.api.history(conversation.id)).messages.map((m) => m.body)).toEqual(['Hello?']);
    } finally {
      socket.close();
    }
  });

  it('routes what waited for an agent when the first agent is added, and what waits when hours begin by the periodic pass', async () => {
    const [owner, agent, ...customers] = await Promise.all(['owner', 'agent', 'customer', 'customer', 'customer'].map((n) => signUp(server.url, n)));
    const business = await createBusiness(owner);
    await owner.api.removeBusinessAgent(business.id, owner.id);
    for (const c of customers.slice(0, 2)) expect((await open(c, business.id)).data.businessConversation.agentId).toBeNull();
    await addAgent(owner, business.id, agent.id);
    expect((await inbox(owner, business.id)).map((c) => c.agentId)).toEqual([agent.id, agent.id]);

    // Closed today; then the hours begin with no request to mark it (as at opening time): the pass routes it.
    await owner.api.updateBusiness(business.id, { hours: { timeZone: 'UTC', days: {} } });
    const waiting = (await open(customers[2], business.id)).data.businessConversation;
    expect(waiting.agentId).toBeNull();
    const job = server.app.get(WaitingRoutingJob);
    await job.run();
    expect((await inbox(owner, business.id, '?assigned=none')).map((c) => c.conversation.id)).toEqual([waiting.conversation.id]);
    await db.query(`UPDATE businesses SET hours = $2 WHERE id = $1`, [business.id, JSON.stringify(todayAllDay())]);
    expect(await job.run()).toBeGreaterThanOrEqual(1);
    expect(await inbox(owner, business.id, '?assigned=none')).toEqual([]);
    expect((await inbox(agent, business.id, '?assigned=me')).map((c) => c.conversation.id)).toContain(waiting.conversation.id);
  });

  it('counts only recently active conversations as an agent’s load: a newly added agent alternates with a veteran of many quiet ones', async () => {
    const [owner, veteran, newcomer] = await Promise.all([signUp(server.url, 'owner'), signUp(server.url, 'veteran'), signUp(server.url, 'newcomer')]);
    const business = await createBusiness(owner, { routing: 'least-busy' });
    await owner.api.removeBusinessAgent(business.id, owner.id);
    await addAgent(owner, business.id, veteran.id);
    const old = await Promise.all([1, 2, 3, 4].map(() => signUp(server.url, 'customer')));
    const oldConversations = [];
    for (const c of old) oldConversations.push((await open(c, business.id)).data.businessConversation.conversation.id);
    // All four assigned two days ago (past BUSINESS_ACTIVE_CONVERSATION_HOURS, 24); two customers write again today.
    await db.query(`UPDATE business_conversations SET assigned_at = now() - interval '48 hours' WHERE business_id = $1`, [business.id]);
    for (const i of [0, 1]) await old[i].api.sendMessage(oldConversations[i], { clientMessageId: randomUUID(), body: 'One more thing' });
    await addAgent(owner, business.id, newcomer.id);

    const next = [];
    for (const c of await Promise.all([1, 2, 3, 4].map(() => signUp(server.url, 'customer')))) next.push((await open(c, business.id)).data.businessConversation.agentId);
    // The veteran's load is 2 (not 4): the newcomer takes two, then they take turns.
    expect(next).toEqual([newcomer.id, newcomer.id, veteran.id, newcomer.id]);
  });

  it('lets agents resolve conversations: least-busy counts open ones only, and a customer writing opens one again', async () => {
    const [owner, veteran, newcomer, stranger] = await Promise.all(['owner', 'veteran', 'newcomer', 'stranger'].map((n) => signUp(server.url, n)));
    const business = await createBusiness(owner, { routing: 'least-busy' });
    await owner.api.removeBusinessAgent(business.id, owner.id);
    await addAgent(owner, business.id, veteran.id);
    const resolve = (by: TestUser, conversationId: string) => by.api.resolveBusinessConversation(business.id, conversationId);
    const old = await Promise.all([1, 2, 3, 4].map(() => signUp(server.url, 'customer')));
    const oldConversations: string[] = [];
    for (const c of old) oldConversations.push((await open(c, business.id)).data.businessConversation.conversation.id);
    for (const id of oldConversations) expect((await resolve(veteran, id)).businessConversation).toMatchObject({ agentId: veteran.id, resolvedAt: expect.any(String) });
    await expect(resolve(stranger, oldConversations[0])).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    await expect(resolve(veteran, randomUUID())).rejects.toMatchObject({ status: 404, body: { code: 'CONVERSATION_NOT_FOUND' } });
    await addAgent(owner, business.id, newcomer.id);

    // The veteran has four conversations, none open: they take turns with the newcomer.
    const openFor = async (n: number) => {
      const agents = [];
      for (const c of await Promise.all(Array.from({ length: n }, () => signUp(server.url, 'customer')))) agents.push((await open(c, business.id)).data.businessConversation.agentId);
      return agents;
    };
    expect(await openFor(4)).toEqual([newcomer.id, veteran.id, newcomer.id, veteran.id]);

    // Two customers write again: their conversations are open (2 + 2 for the veteran against the newcomer's 2).
    for (const i of [0, 1]) await old[i].api.sendMessage(oldConversations[i], { clientMessageId: randomUUID(), body: 'Still broken' });
    const rows = new Map((await inbox(veteran, business.id, '?assigned=me')).map((c) => [c.conversation.id, c.resolvedAt]));
    expect(oldConversations.map((id) => rows.get(id) === null)).toEqual([true, true, false, false]);
    expect(await openFor(2)).toEqual([newcomer.id, newcomer.id]);
  });

  it('hands conversations over: the owner reassigns, and a removed agent’s conversations are routed to another agent', async () => {
    const [owner, a, b, customer] = await Promise.all([signUp(server.url, 'owner'), signUp(server.url, 'agent-a'), signUp(server.url, 'agent-b'), signUp(server.url, 'customer')]);
    const business = await createBusiness(owner);
    await owner.api.request('DELETE', `/v1/businesses/${business.id}/agents/${owner.id}`);
    await addAgent(owner, business.id, a.id);
    const { conversation } = (await open(customer, business.id)).data.businessConversation;
    await addAgent(owner, business.id, b.id);
    const socketA = await connect(server.url, a.auth.accessToken);
    const left = record(socketA, 'member.left');

    const handed = await owner.api.request<{ businessConversation: BusinessConversation }>('POST', `/v1/businesses/${business.id}/conversations/${conversation.id}/assign`, { agentId: b.id });
    expect(handed.data.businessConversation.agentId).toBe(b.id);
    await left.waitFor(1);
    expect(left.frames[0]).toMatchObject({ conversationId: conversation.id, userId: a.id, reason: 'reassigned' });
    await expect(a.api.history(conversation.id)).rejects.toMatchObject({ status: 404 });
    socketA.close();

    await owner.api.request('DELETE', `/v1/businesses/${business.id}/agents/${b.id}`);
    const [row] = await inbox(owner, business.id);
    expect(row.agentId).toBe(a.id);
    await expect(b.api.history(conversation.id)).rejects.toMatchObject({ status: 404 });
    await expect(b.api.request('GET', `/v1/businesses/${business.id}/inbox`)).rejects.toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const { rows } = await db.query(`SELECT user_id FROM conversation_members WHERE conversation_id = $1 ORDER BY user_id`, [conversation.id]);
    expect(rows.map((r) => r.user_id).sort()).toEqual([a.id, customer.id].sort());
  });

  it('enforces who may do what, its limits, and refuses bad input with the contract error', async () => {
    const [owner, agent, stranger] = await Promise.all([signUp(server.url, 'owner'), signUp(server.url, 'agent'), signUp(server.url, 'stranger')]);
    const business = await createBusiness(owner);
    await addAgent(owner, business.id, agent.id);
    await expect(stranger.api.request('PUT', `/v1/businesses/${business.id}/agents/${stranger.id}`)).rejects.toMatchObject({ status: 403 });
    await expect(agent.api.request('PATCH', `/v1/businesses/${business.id}`, { name: 'Mine now' })).rejects.toMatchObject({ status: 403 });
    await expect(stranger.api.request('GET', `/v1/businesses/${business.id}/inbox`)).rejects.toMatchObject({ status: 403 });
    await expect(agent.api.request('POST', `/v1/businesses/${business.id}/conversations/${randomUUID()}/assign`, { agentId: owner.id })).rejects.toMatchObject({ status: 403 });
    await expect(owner.api.request('POST', `/v1/businesses/${business.id}/conversations/${randomUUID()}/assign`, { agentId: stranger.id })).rejects.toMatchObject({ status: 404, body: { code: 'AGENT_NOT_FOUND' } });
    await expect(owner.api.request('POST', `/v1/businesses/${business.id}/conversations/${randomUUID()}/assign`, {})).rejects.toMatchObject({ status: 404, body: { code: 'CONVERSATION_NOT_FOUND' } });
    await expect(owner.api.request('DELETE', `/v1/businesses/${business.id}/agents/${stranger.id}`)).rejects.toMatchObject({ status: 404, body: { code: 'AGENT_NOT_FOUND' } });
    await expect(owner.api.request('GET', `/v1/businesses/${randomUUID()}`)).rejects.toMatchObject({ status: 404, body: { code: 'BUSINESS_NOT_FOUND' } });
    await expect(owner.api.request('PUT', `/v1/businesses/${business.id}/agents/${randomUUID()}`)).rejects.toMatchObject({ status: 404, body: { code: 'USER_NOT_FOUND' } });
    // A deleted account ("Deleted user") is not found either, as an invitation says; it does not become an agent.
    const gone = await signUp(server.url, 'gone');
    expect((await gone.api.request('DELETE', '/v1/me', { password: 'password-123' })).status).toBe(204);
    await expect(addAgent(owner, business.id, gone.id)).rejects.toMatchObject({ status: 404, body: { code: 'USER_NOT_FOUND', message: 'No such user' } });
    expect((await db.query(`SELECT count(*)::int AS n FROM business_agents WHERE user_id = $1`, [gone.id])).rows[0].n).toBe(0);

    // BUSINESS_AGENTS_MAX=3: owner, agent and one more.
    await addAgent(owner, business.id, (await signUp(server.url, 'third')).id);
    await expect(addAgent(owner, business.id, stranger.id)).rejects.toMatchObject({ status: 409, body: { code: 'BUSINESS_AGENTS_FULL' } });
    await expect(addAgent(owner, business.id, agent.id)).resolves.toMatchObject({ status: 200 });
    await expect(agent.api.request('GET', `/v1/businesses/${business.id}/inbox?limit=21`)).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });

    for (const body of [
      { name: '' },
      { name: 'x'.repeat(81) },
      { name: 'ok', routing: 'random' },
      { name: 'ok', routing: null },
      { name: null },
      { name: 'ok', hours: { timeZone: 'Nowhere/City', days: {} } },
      { name: 'ok', hours: { timeZone: 'UTC', days: { mon: [['18:00', '09:00']] } } },
      { name: 'ok', hours: 'nine to five' },
      { name: 'ok', extra: true },
    ]) {
      await expect(owner.api.request('POST', '/v1/businesses', body)).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    }
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM businesses WHERE name = 'ok'`);
    expect(rows[0].n).toBe(0);
  });

  it('refuses null for a field that takes no null in an update (routing, name), and takes it for hours (always open)', async () => {
    const owner = await signUp(server.url, 'owner');
    const business = await createBusiness(owner, { routing: 'least-busy', hours: todayAllDay() });
    for (const body of [{ routing: null }, { name: null }, { name: null, routing: null, hours: null }, { routing: 'random' }, { name: 42 }]) {
      await expect(owner.api.request('PATCH', `/v1/businesses/${business.id}`, body)).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    }
    await expect(owner.api.request('PATCH', `/v1/businesses/${business.id}`, { routing: null })).rejects.toMatchObject({ body: { details: [{ field: 'routing' }] } });
    // Nothing of a refused update was kept.
    expect((await owner.api.getBusiness(business.id)).business).toMatchObject({ name: business.name, routing: 'least-busy', hours: todayAllDay() });
    expect((await owner.api.updateBusiness(business.id, { hours: null })).business).toMatchObject({ name: business.name, routing: 'least-busy', hours: null, open: true });
  });

  const assign = (by: TestUser, businessId: string, conversationId: string, body: { agentId?: string } = {}) =>
    by.api.request<{ businessConversation: BusinessConversation }>('POST', `/v1/businesses/${businessId}/conversations/${conversationId}/assign`, body);
  const members = async (conversationId: string): Promise<string[]> =>
    (await db.query(`SELECT user_id FROM conversation_members WHERE conversation_id = $1`, [conversationId])).rows.map((r) => r.user_id).sort();

  it('lets an agent claim only a conversation that waits: of two claiming it at once one gets it, and a taken one moves only by the owner’s hand-off', async () => {
    const [owner, a, b, customer] = await Promise.all(['owner', 'agent-a', 'agent-b', 'customer'].map((n) => signUp(server.url, n)));
    // Closed today: the conversation waits unassigned.
    const business = await createBusiness(owner, { hours: { timeZone: 'UTC', days: {} } });
    await addAgent(owner, business.id, a.id);
    await addAgent(owner, business.id, b.id);
    const { conversation } = (await open(customer, business.id)).data.businessConversation;

    const claims = await Promise.allSettled([assign(a, business.id, conversation.id), assign(b, business.id, conversation.id)]);
    const won = claims.filter((c): c is PromiseFulfilledResult<Awaited<ReturnType<typeof assign>>> => c.status === 'fulfilled');
    const lost = claims.filter((c): c is PromiseRejectedResult => c.status === 'rejected');
    expect([won.length, lost.length]).toEqual([1, 1]);
    expect(lost[0].reason).toMatchObject({ status: 409, body: { code: 'CONVERSATION_ALREADY_ASSIGNED' } });
    const holder = won[0].value.data.businessConversation.agentId === a.id ? a : b;
    const other = holder === a ? b : a;
    expect(won[0].value.data.businessConversation.agentId).toBe(holder.id);

    // Claiming it for oneself, with or without naming oneself, never takes it from its agent, nor does the owner's claim (no agentId).
    await expect(assign(other, business.id, conversation.id)).rejects.toMatchObject({ status: 409, body: { code: 'CONVERSATION_ALREADY_ASSIGNED' } });
    await expect(assign(other, business.id, conversation.id, { agentId: other.id })).rejects.toMatchObject({ status: 409, body: { code: 'CONVERSATION_ALREADY_ASSIGNED' } });
    await expect(assign(owner, business.id, conversation.id)).rejects.toMatchObject({ status: 409, body: { code: 'CONVERSATION_ALREADY_ASSIGNED' } });
    expect((await assign(holder, business.id, conversation.id)).data.businessConversation.agentId).toBe(holder.id);
    expect(await members(conversation.id)).toEqual([customer.id, holder.id].sort());

    // The owner hands it over by naming the agent, themself included.
    expect((await assign(owner, business.id, conversation.id, { agentId: other.id })).data.businessConversation.agentId).toBe(other.id);
    expect(await members(conversation.id)).toEqual([customer.id, other.id].sort());
    expect((await assign(owner, business.id, conversation.id, { agentId: owner.id })).data.businessConversation.agentId).toBe(owner.id);
    expect(await members(conversation.id)).toEqual([customer.id, owner.id].sort());
  });

  it('never gives a customer who is an agent of the business their own conversation: claims and hand-offs are refused, routing passes them over', async () => {
    const [owner, a, c, other, d] = await Promise.all(['owner', 'agent-a', 'customer-agent', 'customer', 'agent-d'].map((n) => signUp(server.url, n)));
    const business = await createBusiness(owner);
    await owner.api.removeBusinessAgent(business.id, owner.id);
    await addAgent(owner, business.id, a.id);
    const own = (await open(c, business.id)).data.businessConversation.conversation;
    // The customer becomes an agent of the business afterwards.
    await addAgent(owner, business.id, c.id);
    await expect(assign(c, business.id, own.id)).rejects.toMatchObject({ status: 409, body: { code: 'AGENT_IS_CUSTOMER' } });
    await expect(assign(owner, business.id, own.id, { agentId: c.id })).rejects.toMatchObject({ status: 409, body: { code: 'AGENT_IS_CUSTOMER' } });

    // Closed today: another customer's conversation waits; removing a leaves c's own waiting too.
    await owner.api.updateBusiness(business.id, { hours: { timeZone: 'UTC', days: {} } });
    const theirs = (await open(other, business.id)).data.businessConversation.conversation;
    expect((await owner.api.request('DELETE', `/v1/businesses/${business.id}/agents/${a.id}`)).status).toBe(204);
    const agentOf = async () => Object.fromEntries((await inbox(owner, business.id)).map((row) => [row.conversation.id, row.agentId]));
    expect(await agentOf()).toEqual({ [own.id]: null, [theirs.id]: null });

    // Open again: c (the only agent) takes the other customer's conversation; their own, older, is passed over and waits.
    await owner.api.updateBusiness(business.id, { hours: todayAllDay() });
    expect(await agentOf()).toEqual({ [own.id]: null, [theirs.id]: c.id });
    await server.app.get(WaitingRoutingJob).run();
    expect(await agentOf()).toEqual({ [own.id]: null, [theirs.id]: c.id });
    expect(await members(own.id)).toEqual([c.id]);

    // Another agent takes it; when that agent's account is deleted, it waits again (c is never chosen for it).
    await addAgent(owner, business.id, d.id);
    expect(await agentOf()).toEqual({ [own.id]: d.id, [theirs.id]: c.id });
    expect((await d.api.request('DELETE', '/v1/me', { password: 'password-123' })).status).toBe(204);
    expect(await agentOf()).toEqual({ [own.id]: null, [theirs.id]: c.id });
    expect(await members(own.id)).toEqual([c.id]);
    // Removing the customer-agent routes what they had to nobody (no agent left): both wait.
    await owner.api.removeBusinessAgent(business.id, c.id);
    expect(await agentOf()).toEqual({ [own.id]: null, [theirs.id]: null });
  });

  it('routes no conversation to an agent whose account is banned, until the ban is lifted', async () => {
    const [owner, a, b] = await Promise.all(['owner', 'agent-a', 'agent-b'].map((n) => signUp(server.url, n)));
    const business = await createBusiness(owner);
    await owner.api.removeBusinessAgent(business.id, owner.id);
    await addAgent(owner, business.id, a.id);
    await addAgent(owner, business.id, b.id);
    await admin.request('POST', `/v1/admin/users/${a.id}/ban`, { reason: 'spam' });
    const customers = await Promise.all([1, 2, 3].map(() => signUp(server.url, 'customer')));
    const assigned = [];
    for (const c of customers.slice(0, 2)) assigned.push((await open(c, business.id)).data.businessConversation.agentId);
    expect(assigned).toEqual([b.id, b.id]);
    // With b gone too, nobody can take them: they wait rather than go to the banned agent.
    await owner.api.removeBusinessAgent(business.id, b.id);
    expect((await inbox(owner, business.id)).map((row) => row.agentId)).toEqual([null, null]);
    await server.app.get(WaitingRoutingJob).run();
    expect((await inbox(owner, business.id)).map((row) => row.agentId)).toEqual([null, null]);
    expect((await open(customers[2], business.id)).data.businessConversation.agentId).toBeNull();

    // Lifted: the next routing pass gives a what waited.
    await admin.request('DELETE', `/v1/admin/users/${a.id}/ban`);
    expect(await server.app.get(WaitingRoutingJob).run()).toBeGreaterThanOrEqual(3);
    expect((await inbox(owner, business.id)).map((row) => row.agentId)).toEqual([a.id, a.id, a.id]);
  });

  it('routes a removed agent’s open conversations to another agent, and sends the resolved ones back to the inbox until their customer writes again', async () => {
    const [owner, a, b, done, pending] = await Promise.all(['owner', 'agent-a', 'agent-b', 'customer', 'customer'].map((n) => signUp(server.url, n)));
    const business = await createBusiness(owner);
    await owner.api.removeBusinessAgent(business.id, owner.id);
    await addAgent(owner, business.id, a.id);
    const resolved = (await open(done, business.id)).data.businessConversation.conversation;
    const openOne = (await open(pending, business.id)).data.businessConversation.conversation;
    await a.api.resolveBusinessConversation(business.id, resolved.id);
    await addAgent(owner, business.id, b.id);

    await owner.api.removeBusinessAgent(business.id, a.id);
    const rows = async () => Object.fromEntries((await inbox(owner, business.id)).map((row) => [row.conversation.id, [row.agentId, row.resolvedAt !== null]]));
    expect(await rows()).toEqual({ [resolved.id]: [null, true], [openOne.id]: [b.id, false] });
    expect(await members(resolved.id)).toEqual([done.id]);
    // Nobody is told the resolved one waits, and the routing pass leaves it alone.
    const waitingEvents = await db.query(`SELECT count(*)::int AS n FROM outbox WHERE event_name = 'chat.business.conversation-waiting.v1' AND aggregate_id = $1`, [resolved.id]);
    expect(waitingEvents.rows[0].n).toBe(0);
    await server.app.get(WaitingRoutingJob).run();
    expect(await rows()).toEqual({ [resolved.id]: [null, true], [openOne.id]: [b.id, false] });

    // The customer writes again: it is open, and the routing pass gives it to an agent.
    await done.api.sendMessage(resolved.id, { clientMessageId: randomUUID(), body: 'It broke again' });
    expect(await server.app.get(WaitingRoutingJob).run()).toBeGreaterThanOrEqual(1);
    expect(await rows()).toEqual({ [resolved.id]: [b.id, false], [openOne.id]: [b.id, false] });
    expect((await b.api.history(resolved.id)).messages.map((m) => m.body)).toEqual(['It broke again']);
  });

  /** A word no other test's business has, so a search sees only this test's businesses. */
  const uniqueWord = () => `w${randomUUID().replace(/-/g, '').slice(0, 10)}`;

  it('finds open businesses of my tenant by the start of their name or of a word of it, ignoring case', async () => {
    const [owner, customer] = await Promise.all([signUp(server.url, 'owner'), signUp(server.url, 'customer')]);
    const word = uniqueWord();
    const Word = word[0].toUpperCase() + word.slice(1);
    const starts = await createBusiness(owner, { name: `${Word}ly Bakery` });
    const inner = await createBusiness(owner, { name: `The ${word.toUpperCase()} Shop` });
    const hyphenated = await createBusiness(owner, { name: `Tea-${word}` });
    await createBusiness(owner, { name: `X${word} Inside a word` });
    const closed = await createBusiness(owner, { name: `${word} Closed` });
    await db.query(`UPDATE businesses SET closed_at = now() WHERE id = $1`, [closed.id]);
    // A business of another tenant, with the same word: the API has no tenant sign-up, so the row is written directly.
    await db.query(`INSERT INTO businesses (id, tenant_id, name, owner_id, routing) VALUES ($1, $2, $3, $4, 'round-robin')`, [randomUUID(), randomUUID(), `${word} Elsewhere`, randomUUID()]);

    const found = await customer.api.searchBusinesses({ q: ` ${Word.toUpperCase()} `, limit: 5 });
    const expected = [starts, inner, hyphenated].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
    expect(found.businesses.map((b) => b.name)).toEqual(expected.map((b) => b.name));
    expect(found).toMatchObject({ nextCursor: null, hasMore: false });
    // Seen as a customer sees them: no agent list.
    expect(found.businesses.find((b) => b.id === inner.id)).toMatchObject({ ownerId: owner.id, open: true, presence: 'offline', agentIds: null });
    expect((await owner.api.searchBusinesses({ q: word })).businesses.find((b) => b.id === inner.id)!.agentIds).toEqual([owner.id]);

    // Part of a word, and several words in the order typed.
    expect((await customer.api.searchBusinesses({ q: `${word.slice(0, 8)}` })).businesses.map((b) => b.id)).toEqual(expect.arrayContaining([starts.id, inner.id, hyphenated.id]));
    expect((await customer.api.searchBusinesses({ q: `the ${word.slice(0, 6)}` })).businesses.map((b) => b.id)).toEqual([inner.id]);
    expect((await customer.api.searchBusinesses({ q: `${word} the` })).businesses).toEqual([]);
    expect((await customer.api.searchBusinesses({ q: `${word}ly bak` })).businesses.map((b) => b.id)).toEqual([starts.id]);
  });

  it('pages search results by name then id with an opaque cursor, with no duplicate and no gap', async () => {
    const [owner, customer] = await Promise.all([signUp(server.url, 'owner'), signUp(server.url, 'customer')]);
    const word = uniqueWord();
    // Two share a name: the id breaks the tie.
    const names = [`${word} delta`, `${word} alpha`, `${word} Charlie`, `${word} bravo`, `${word} bravo`, `${word} echo`, `${word} foxtrot`];
    const created = [];
    for (const name of names) created.push(await createBusiness(owner, { name }));
    const expected = [...created].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.id.localeCompare(b.id)).map((b) => b.id);

    const seen: string[] = [];
    let cursor: string | undefined;
    const pages: boolean[] = [];
    do {
      const page = await customer.api.searchBusinesses({ q: word, limit: 2, cursor });
      seen.push(...page.businesses.map((b) => b.id));
      pages.push(page.hasMore);
      expect(page.nextCursor === null).toBe(!page.hasMore);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(expected);
    expect(pages).toEqual([true, true, true, false]);

    // BUSINESS_SEARCH_DEFAULT_LIMIT=3 without a limit.
    const first = await customer.api.searchBusinesses({ q: word });
    expect(first.businesses.map((b) => b.id)).toEqual(expected.slice(0, 3));
    expect(first.hasMore).toBe(true);
    const second = await customer.api.searchBusinesses({ q: word, cursor: first.nextCursor! });
    expect(second.businesses.map((b) => b.id)).toEqual(expected.slice(3, 6));
  });

  it('refuses a search beyond its limits, or with a query or cursor it cannot use, with the contract error', async () => {
    const customer = await signUp(server.url, 'customer');
    for (const query of ['', '?q=', '?q=%20%20', '?q=---', `?q=${'x'.repeat(81)}`, '?q=shop&limit=6', '?q=shop&limit=0', '?q=shop&limit=many', '?q=shop&cursor=bm90LWEtY3Vyc29y', '?q=shop&extra=1']) {
      await expect(customer.api.request('GET', `/v1/businesses${query}`)).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    }
    await expect(customer.api.searchBusinesses({ q: 'x'.repeat(80), limit: 5 })).resolves.toMatchObject({ businesses: [], hasMore: false });
    const res = await fetch(`${server.url}/v1/businesses?q=shop&limit=6`, { headers: { authorization: `Bearer ${customer.auth.accessToken}` } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'VALIDATION_FAILED', message: expect.any(String), hint: expect.any(String), requestId: expect.any(String), details: expect.anything() } });
    expect((await fetch(`${server.url}/v1/businesses?q=shop`)).status).toBe(401);
  });

  it('lets an agent leave on their own but remove nobody else, and makes nobody an agent across a block', async () => {
    const [owner, agent, other, blocker] = await Promise.all(['owner', 'agent', 'other', 'blocker'].map((n) => signUp(server.url, n)));
    const business = await createBusiness(owner);
    await addAgent(owner, business.id, agent.id);
    await addAgent(owner, business.id, other.id);
    await expect(agent.api.removeBusinessAgent(business.id, other.id)).rejects.toMatchObject({ status: 403 });
    await agent.api.removeBusinessAgent(business.id, agent.id);
    expect((await agent.api.myBusinesses()).businesses).toEqual([]);
    expect((await owner.api.request<{ business: Business }>('GET', `/v1/businesses/${business.id}`)).data.business.agentIds).toEqual([owner.id, other.id]);

    // Either side's block stops it, as it stops an invitation.
    await blocker.api.block(owner.id);
    await expect(addAgent(owner, business.id, blocker.id)).rejects.toMatchObject({ status: 403, body: { code: 'CONTACT_BLOCKED' } });
    await blocker.api.unblock(owner.id);
    await owner.api.block(agent.id);
    await expect(addAgent(owner, business.id, agent.id)).rejects.toMatchObject({ status: 403, body: { code: 'CONTACT_BLOCKED' } });
    await owner.api.unblock(agent.id);
    await expect(addAgent(owner, business.id, agent.id)).resolves.toMatchObject({ status: 200 });
  });

  it('lists the businesses I own or am an agent of, with my role, until I am removed', async () => {
    const [owner, agent, customer] = await Promise.all([signUp(server.url, 'owner'), signUp(server.url, 'agent'), signUp(server.url, 'customer')]);
    const word = uniqueWord();
    const bakery = await createBusiness(owner, { name: `${word} Bakery` });
    const shop = await createBusiness(owner, { name: `${word} Shop` });
    await addAgent(owner, shop.id, agent.id);
    // The owner who stopped working the inbox still owns it.
    await owner.api.removeBusinessAgent(bakery.id, owner.id);
    await customer.api.openBusinessConversation(shop.id);

    expect((await owner.api.myBusinesses()).businesses.map((m) => [m.business.id, m.role])).toEqual([
      [bakery.id, 'owner'],
      [shop.id, 'owner'],
    ]);
    const agents = await agent.api.myBusinesses();
    expect(agents.businesses.map((m) => [m.business.id, m.role])).toEqual([[shop.id, 'agent']]);
    expect(agents.businesses[0].business.agentIds).toEqual([owner.id, agent.id]);
    expect((await customer.api.myBusinesses()).businesses).toEqual([]);

    await owner.api.removeBusinessAgent(shop.id, agent.id);
    expect((await agent.api.myBusinesses()).businesses).toEqual([]);

    // Paged like the search: one per page, then the end; a limit over BUSINESS_SEARCH_MAX_LIMIT is refused.
    const first = await owner.api.myBusinesses({ limit: 1 });
    expect(first).toMatchObject({ businesses: [{ business: { id: bakery.id } }], hasMore: true, nextCursor: expect.any(String) });
    const second = await owner.api.myBusinesses({ limit: 1, cursor: first.nextCursor! });
    expect(second).toMatchObject({ businesses: [{ business: { id: shop.id }, role: 'owner' }], hasMore: false, nextCursor: null });
    const max = server.config.businesses.searchMaxLimit;
    await expect(owner.api.myBusinesses({ limit: max + 1 })).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', message: expect.stringContaining(`limit must be at most ${max}`) } });
    await expect(owner.api.myBusinesses({ cursor: 'not-a-cursor' })).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });

  it('pages the inbox with a cursor, most recently active first, keeping its filters', async () => {
    const owner = await signUp(server.url, 'owner');
    const business = (await owner.api.createBusiness({ name: `Shop ${uniqueWord()}`, hours: { timeZone: 'UTC', days: {} } })).business;
    const customers = await Promise.all([1, 2, 3, 4, 5].map(() => signUp(server.url, 'customer')));
    const opened: string[] = [];
    for (const c of customers) opened.push((await c.api.openBusinessConversation(business.id)).businessConversation.conversation.id);
    // The oldest conversation becomes the most recently active; one is claimed, so `none` has four.
    await customers[0].api.sendMessage(opened[0], { clientMessageId: randomUUID(), body: 'Hello again' });
    await owner.api.assignBusinessConversation(business.id, opened[2]);

    const walk = async (query: { assigned?: 'me' | 'none' | 'any' }): Promise<string[]> => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await owner.api.businessInbox(business.id, { ...query, limit: 2, cursor });
        expect(page.conversations.length).toBeLessThanOrEqual(2);
        expect(page.nextCursor === null).toBe(!page.hasMore);
        ids.push(...page.conversations.map((c) => c.conversation.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return ids;
    };
    const all = (await owner.api.businessInbox(business.id)).conversations.map((c) => c.conversation.id);
    expect(all[0]).toBe(opened[0]);
    expect([...all].sort()).toEqual([...opened].sort());
    expect(await walk({})).toEqual(all);
    expect(await walk({ assigned: 'none' })).toEqual(all.filter((id) => id !== opened[2]));
    expect(await walk({ assigned: 'me' })).toEqual([opened[2]]);

    for (const cursor of ['not-a-cursor', Buffer.from(JSON.stringify(['soon', randomUUID()])).toString('base64url')]) {
      await expect(owner.api.businessInbox(business.id, { cursor })).rejects.toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    }
  });
});

import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Business } from '@chat/contracts';
import { signUp, uniqueName, type TestUser } from '@chat/testing';
import { PNG } from './main-service';
import { delivered, logIn, message, type Person, register, send, waitForAvatar, webClientSceneOnOwnServer } from './web-client-harness';

/** Business chats in the browser: creating a business, its agents and hours, messaging it, and working its inbox (claim, hand over, resolve). */
describe('web client: business chats', () => {
  const scene = webClientSceneOnOwnServer();

  const loggedIn = async (user: TestUser): Promise<Person> => {
    const person = await scene.person(scene.server.url);
    await logIn(person.page, user.auth.user.username);
    return person;
  };

  /** Creates a business from the Businesses dialog; its settings open, showing the id to share. */
  const createBusiness = async (owner: Person, name: string): Promise<string> => {
    await owner.page.click('#business-button');
    await owner.page.fill('#business-create-name', name);
    await owner.page.click('#business-create-form button[type="submit"]');
    // The id appears once the creation has answered.
    const id = owner.page.locator('#business-settings-id').filter({ hasText: /^[0-9a-f-]{36}$/ });
    await id.waitFor();
    return (await id.textContent())!;
  };

  const addAgent = async (owner: Person, agent: TestUser): Promise<void> => {
    const name = agent.auth.user.displayName;
    await owner.page.fill('#business-agent-people-search', agent.auth.user.username);
    await owner.page.getByRole('button', { name: `Add ${name}`, exact: true }).click();
    await owner.page.click('#business-agents-add');
    await owner.page.locator('#business-agents li', { hasText: name }).waitFor();
  };

  /** A customer finds the business in the Businesses dialog by typing part of a word of its name. */
  const searchBusiness = async (person: Person, id: string, typed: string): Promise<void> => {
    await person.page.click('#business-button');
    await person.page.fill('#business-search', typed);
    await person.page.locator(`#business-results li[data-business-id="${id}"]`).waitFor();
  };

  /** An owner or agent opens the inbox from their businesses, listed by the server (GET /v1/me/businesses). */
  const openInbox = async (person: Person, id: string, name: string): Promise<void> => {
    await person.page.click('#business-button');
    await person.page.locator(`#business-list li[data-business-id="${id}"]`, { hasText: name }).waitFor();
    await person.page.getByRole('button', { name: `Inbox of ${name}` }).click();
    await person.page.locator('#business-inbox-dialog[open]').waitFor();
  };

  it('an owner creates a business and adds an agent; a customer messages it; the agent finds it in the inbox, gets the customer’s messages live and answers', async () => {
    const [agentUser, customerUser] = await Promise.all([signUp(scene.server.url, 'agent'), signUp(scene.server.url, 'customer')]);
    const customerName = customerUser.auth.user.displayName;
    const owner = await scene.person(scene.server.url);
    await register(owner.page, uniqueName('owner'), 'Olive Owner');
    const [agent, customer] = await Promise.all([loggedIn(agentUser), loggedIn(customerUser)]);

    const word = uniqueName('s').replace(/[^a-z0-9]/gi, '');
    const shop = `Shop ${word}`;
    const businessId = await createBusiness(owner, shop);
    await addAgent(owner, agentUser);
    // The owner stops taking conversations, so the agent is the one routed in.
    await owner.page.getByRole('button', { name: 'Remove Olive Owner (you)' }).click();
    await owner.page.locator('#business-agents li', { hasText: 'You are not an agent' }).waitFor();
    const business = (await agentUser.api.request<{ business: Business }>('GET', `/v1/businesses/${businessId}`)).data.business;
    expect(business).toMatchObject({ name: shop, agentIds: [agentUser.id] });

    // Part of the second word of its name, in other case.
    await searchBusiness(customer, businessId, word.slice(0, -2).toUpperCase());
    await customer.page.getByRole('button', { name: `Message ${shop}` }).click();
    await customer.page.locator('#pane-title', { hasText: shop }).waitFor();
    await customer.page.locator('#pane-subtitle', { hasText: 'Business chat' }).waitFor();
    await customer.page.locator('#messages-loading').waitFor({ state: 'hidden' });
    await send(customer.page, 'Is my order shipped?');
    await delivered(customer.page, 'Is my order shipped?').waitFor();
    await customer.page.locator('#conversation-list button', { hasText: shop }).locator('.conversation-tag', { hasText: 'Business' }).waitFor();

    // Routed in while the agent's page was open: the conversation joins their list without a reload.
    await agent.page.locator('#conversation-list button', { hasText: shop }).locator('.conversation-tag', { hasText: 'Business' }).waitFor();
    // After a reload the agent's businesses come from the server, not from what this browser did.
    await agent.page.reload();
    await agent.page.locator('#conversation-list button', { hasText: shop }).waitFor();
    await openInbox(agent, businessId, shop);
    await agent.page.locator(`#business-list li[data-business-id="${businessId}"]`, { hasText: 'You are an agent' }).waitFor();
    const row = agent.page.locator('#business-inbox-entries li', { hasText: customerName });
    await row.filter({ hasText: 'With you' }).waitFor();
    await row.getByRole('button', { name: `Open the conversation with ${customerName}` }).click();
    await agent.page.locator('#pane-title', { hasText: shop }).waitFor();
    await message(agent.page, 'Is my order shipped?').waitFor();

    await send(customer.page, 'It is order 42.');
    await message(agent.page, 'It is order 42.').waitFor();
    await send(agent.page, 'Shipped this morning.');
    await delivered(agent.page, 'Shipped this morning.').waitFor();
    await message(customer.page, 'Shipped this morning.').waitFor();

    // The owner sees who has it, by the name the server gives.
    await owner.page.locator('#business-settings-dialog [data-close]').click();
    await owner.page.getByRole('button', { name: `Inbox of ${shop}` }).click();
    await owner.page.locator('#business-inbox-entries li', { hasText: customerName }).filter({ hasText: `With ${agentUser.auth.user.displayName}` }).waitFor();

    // The agent leaves the business (confirming): it leaves their list, and so does the conversation they had.
    await agent.page.click('#business-button');
    await agent.page.locator(`#business-list li[data-business-id="${businessId}"]`).waitFor();
    await agent.page.getByRole('button', { name: `Stop being an agent of ${shop}` }).click();
    await agent.page.locator('#business-status', { hasText: `You are no agent of “${shop}” any more.` }).waitFor();
    await agent.page.locator(`#business-list li[data-business-id="${businessId}"]`).waitFor({ state: 'detached' });
    await agent.page.locator('#conversation-list button', { hasText: shop }).waitFor({ state: 'detached' });
    expect((await agentUser.api.myBusinesses()).businesses).toEqual([]);
  });

  it('names agents added elsewhere by their display names and pictures, in the owner’s settings and inbox, and shows the customer’s picture', async () => {
    const [ownerUser, firstUser, secondUser, customerUser] = await Promise.all([signUp(scene.server.url, 'owner'), signUp(scene.server.url, 'agent'), signUp(scene.server.url, 'agent'), signUp(scene.server.url, 'customer')]);
    const shop = `Shop ${uniqueName('s').replace(/[^a-z0-9]/gi, '')}`;
    // Set up through the API, so this browser never picked anyone.
    const { business } = await ownerUser.api.createBusiness({ name: shop });
    for (const agent of [firstUser, secondUser]) await ownerUser.api.addBusinessAgent(business.id, agent.id);
    await ownerUser.api.removeBusinessAgent(business.id, ownerUser.id);
    const { agentId } = (await customerUser.api.openBusinessConversation(business.id)).businessConversation;
    const [assigned, other] = agentId === firstUser.id ? [firstUser, secondUser] : [secondUser, firstUser];
    // Pictures as the main service sets them, for the first agent and the customer: a data: URL, which the page's
    // Content-Security-Policy lets load with no picture host here (web-client-avatar-lists.integration-spec.ts loads them from one).
    const picture = `data:image/png;base64,${PNG.toString('base64')}`;
    for (const user of [firstUser, customerUser]) await scene.server.app.get(DataSource).query(`UPDATE users SET avatar_url = $2 WHERE id = $1`, [user.id, picture]);
    const owner = await loggedIn(ownerUser);

    await owner.page.click('#business-button');
    await owner.page.getByRole('button', { name: `Settings of ${shop}` }).click();
    for (const agent of [firstUser, secondUser]) await owner.page.getByRole('button', { name: `Remove ${agent.auth.user.displayName}`, exact: true }).waitFor();
    const agentAvatar = (agent: TestUser) => owner.page.locator('#business-agents li', { hasText: agent.auth.user.displayName }).locator('.avatar');
    await waitForAvatar(agentAvatar(firstUser), { src: picture, alt: firstUser.auth.user.displayName });
    // "Test agent-…": initials without a picture.
    await waitForAvatar(agentAvatar(secondUser), { initials: 'TA' });
    await owner.page.locator('#business-settings-dialog [data-close]').click();

    await owner.page.getByRole('button', { name: `Inbox of ${shop}` }).click();
    const row = owner.page.locator('#business-inbox-entries li', { hasText: customerUser.auth.user.displayName });
    await row.filter({ hasText: `With ${assigned.auth.user.displayName}` }).waitFor();
    await waitForAvatar(row.locator('.avatar'), { src: picture, alt: customerUser.auth.user.displayName });
    expect(await row.locator('select option').allTextContents()).toEqual([other.auth.user.displayName]);
  });

  it('keeps a conversation that arrives outside opening hours waiting until an agent claims it from the inbox, and the owner hands it over', async () => {
    const [ownerUser, agentUser, customerUser] = await Promise.all([signUp(scene.server.url, 'owner'), signUp(scene.server.url, 'agent'), signUp(scene.server.url, 'customer')]);
    const customerName = customerUser.auth.user.displayName;
    const [owner, agent, customer] = await Promise.all([loggedIn(ownerUser), loggedIn(agentUser), loggedIn(customerUser)]);
    const word = uniqueName('s').replace(/[^a-z0-9]/gi, '');
    const shop = `Shop ${word}`;
    const businessId = await createBusiness(owner, shop);
    await addAgent(owner, agentUser);
    // No day has hours: closed all week.
    await owner.page.uncheck('#business-hours-always');
    await owner.page.fill('#business-hours-zone', 'UTC');
    await owner.page.fill('#business-hours-mon', 'nine to five');
    await owner.page.click('#business-settings-form button[type="submit"]');
    await owner.page.locator('#business-settings-form .form-error', { hasText: 'Monday: write the opening times' }).waitFor();
    await owner.page.fill('#business-hours-mon', '');
    await owner.page.click('#business-settings-form button[type="submit"]');
    await owner.page.locator('#business-settings-saved', { hasText: 'Saved.' }).waitFor();
    expect((await agentUser.api.request<{ business: Business }>('GET', `/v1/businesses/${businessId}`)).data.business).toMatchObject({ hours: { timeZone: 'UTC', days: {} }, open: false });

    await searchBusiness(customer, businessId, `shop ${word}`);
    await customer.page.locator(`#business-results li[data-business-id="${businessId}"]`, { hasText: 'Closed now' }).waitFor();
    await customer.page.getByRole('button', { name: `Message ${shop}` }).click();
    await customer.page.locator('#pane-title', { hasText: shop }).waitFor();
    await customer.page.locator('#messages-loading').waitFor({ state: 'hidden' });
    await send(customer.page, 'Anyone there?');
    await delivered(customer.page, 'Anyone there?').waitFor();

    await openInbox(agent, businessId, shop);
    await agent.page.selectOption('#business-inbox-filter', 'none');
    const row = agent.page.locator('#business-inbox-entries li', { hasText: customerName });
    await row.filter({ hasText: 'Waiting for an agent' }).waitFor();
    await row.getByRole('button', { name: `Claim the conversation with ${customerName}` }).click();
    await agent.page.locator('#pane-title', { hasText: shop }).waitFor();
    await message(agent.page, 'Anyone there?').waitFor();

    // The owner (still an agent too) hands it over to themself; the agent is told it went elsewhere.
    await owner.page.locator('#business-settings-dialog [data-close]').click();
    await owner.page.getByRole('button', { name: `Inbox of ${shop}` }).click();
    const ownersRow = owner.page.locator('#business-inbox-entries li', { hasText: customerName });
    await ownersRow.filter({ hasText: `With ${agentUser.auth.user.displayName}` }).waitFor();
    // Another agent has it: no Claim (the server would refuse it, 409), only the owner's hand-over, which never offers the customer.
    expect(await ownersRow.getByRole('button', { name: `Claim the conversation with ${customerName}` }).count()).toBe(0);
    expect(await ownersRow.locator('select option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).not.toContain(customerUser.id);
    await ownersRow.locator('select').selectOption(ownerUser.id);
    await ownersRow.getByRole('button', { name: `Hand the conversation with ${customerName} over` }).click();
    await owner.page.locator('#business-inbox-entries li', { hasText: customerName }).filter({ hasText: 'With you' }).waitFor();
    await agent.page.locator('#toasts', { hasText: `“${shop}” went to another agent.` }).waitFor();
  });

  it('lets the agent who has a conversation resolve it from the inbox, until its customer writes again', async () => {
    const [ownerUser, agentUser, customerUser] = await Promise.all([signUp(scene.server.url, 'owner'), signUp(scene.server.url, 'agent'), signUp(scene.server.url, 'customer')]);
    const customerName = customerUser.auth.user.displayName;
    const shop = `Shop ${uniqueName('s').replace(/[^a-z0-9]/gi, '')}`;
    // Set up through the API; the owner stops taking conversations, so the agent is the one routed in.
    const { business } = await ownerUser.api.createBusiness({ name: shop });
    await ownerUser.api.addBusinessAgent(business.id, agentUser.id);
    await ownerUser.api.removeBusinessAgent(business.id, ownerUser.id);
    const { conversation } = (await customerUser.api.openBusinessConversation(business.id)).businessConversation;
    const customerWrites = (body: string) => customerUser.api.sendMessage(conversation.id, { clientMessageId: randomUUID(), body });
    const resolvedAt = async () => (await agentUser.api.businessInbox(business.id, { assigned: 'me' })).conversations.find((c) => c.conversation.id === conversation.id)?.resolvedAt;
    await customerWrites('Where is my parcel?');

    const agent = await loggedIn(agentUser);
    await openInbox(agent, business.id, shop);
    const row = agent.page.locator('#business-inbox-entries li', { hasText: customerName });
    const resolve = row.getByRole('button', { name: `Resolve the conversation with ${customerName}` });
    await row.filter({ hasText: 'With you · 1 message' }).waitFor();
    await resolve.click();
    await agent.page.locator('#business-inbox-status', { hasText: `The conversation with ${customerName} is resolved until they write again.` }).waitFor();
    await row.and(agent.page.locator('[data-resolved]')).filter({ hasText: 'With you · resolved' }).waitFor();
    expect(await resolve.count()).toBe(0);
    // Still theirs to open, and the server says resolved, since the time the row shows.
    await row.getByRole('button', { name: `Open the conversation with ${customerName}` }).waitFor();
    const since = await resolvedAt();
    expect(since).toEqual(expect.any(String));
    expect(await row.locator('time').first().getAttribute('datetime')).toBe(since);

    // The customer writes again: open once more (the server's rule), and Resolve is back after a refresh.
    await customerWrites('Any news?');
    expect(await resolvedAt()).toBeNull();
    await agent.page.click('#business-inbox-refresh');
    await row.filter({ hasText: 'With you · 2 messages' }).waitFor();
    expect(await row.getAttribute('data-resolved')).toBeNull();
    await resolve.waitFor();
  });
});

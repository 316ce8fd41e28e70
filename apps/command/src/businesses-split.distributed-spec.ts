import { randomUUID } from 'node:crypto';
import type { Business, BusinessConversation, BusinessInboxResponse } from '@chat/contracts';
import { connect, eventually, record, signUp, startSplitCluster, type SplitCluster } from '@chat/testing';

/**
 * Business chats on the split deployment: the command app routes a customer's conversation using
 * the presence the gateways keep in Redis (an agent online on gateway B gets it), the agent's
 * socket on B joins the room through Kafka, and the query app serves the inbox.
 */
describe('business chats through the split deployment', () => {
  let cluster: SplitCluster;

  beforeAll(async () => {
    cluster = await startSplitCluster();
  });
  afterAll(() => cluster?.stop());

  it('routes to the agent online on another gateway, who gets the conversation live and sees it in the inbox', async () => {
    const [a, b] = cluster.gateways;
    const [owner, agent, customer] = await Promise.all([signUp(a, 'owner'), signUp(b, 'agent'), signUp(a, 'customer')]);
    const { business } = (await owner.api.request<{ business: Business }>('POST', '/v1/businesses', { name: `Split shop ${randomUUID().slice(0, 6)}`, routing: 'least-busy' })).data;
    await owner.api.request('PUT', `/v1/businesses/${business.id}/agents/${agent.id}`);

    const socket = await connect(b, agent.auth.accessToken);
    try {
      await eventually(async () => expect((await customer.api.request<{ business: Business }>('GET', `/v1/businesses/${business.id}`)).data.business.presence).toBe('online'), { timeoutMs: 10_000 });
      const joined = record(socket, 'member.joined');
      const created = record(socket, 'message.created');
      const opened = (await customer.api.request<{ businessConversation: BusinessConversation }>('POST', `/v1/businesses/${business.id}/conversations`)).data.businessConversation;
      expect(opened.agentId).toBe(agent.id);

      // The assignment's member.joined reaches the agent's device on gateway B over Kafka; it subscribes, as a client does.
      await joined.waitFor(1, 20_000);
      expect(joined.frames[0]).toMatchObject({ conversationId: opened.conversation.id, userId: agent.id, role: 'admin' });
      await socket.request('conversation.join', { conversationId: opened.conversation.id });
      await customer.api.sendMessage(opened.conversation.id, { clientMessageId: randomUUID(), body: 'hello from gateway A' });
      await created.waitFor(1, 20_000);
      expect(created.frames[0]).toMatchObject({ message: { conversationId: opened.conversation.id, body: 'hello from gateway A' } });
      const { conversations } = (await agent.api.request<BusinessInboxResponse>('GET', `/v1/businesses/${business.id}/inbox?assigned=me`)).data;
      expect(conversations.map((c) => c.conversation.id)).toEqual([opened.conversation.id]);
    } finally {
      socket.close();
    }
  });
});

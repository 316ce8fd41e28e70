import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '@chat/contracts';
import { ChatApi } from '@chat/sdk';
import { connect, eventually, signUp, startSplitCluster, uniqueName, type SplitCluster } from '@chat/testing';

/**
 * The audit log on the split deployment: logins and tickets are recorded by the command app,
 * history reads by the query app, and message events by the query app's `audit` consumer reading
 * Kafka. Killed with events unread, the query app records every message exactly once after it is
 * back.
 */
describe('audit log through the split deployment', () => {
  const adminName = uniqueName('auditor');
  let cluster: SplitCluster;
  let admin: ChatApi;

  beforeAll(async () => {
    cluster = await startSplitCluster({ ADMIN_USERNAMES: adminName });
    admin = new ChatApi({ baseUrl: cluster.gateways[1] });
    await admin.register(adminName, 'Auditor', 'password-123');
  });
  afterAll(() => cluster?.stop());

  const entries = async (query: Parameters<ChatApi['auditLog']>[0]): Promise<AuditEntry[]> => (await admin.auditLog({ limit: 500, ...query })).entries;

  it('records credentials and reads where they are served, and socket sends from Kafka, each once across a killed query app', async () => {
    const [a, b] = cluster.gateways;
    const [alice, bob] = await Promise.all([signUp(a, 'alice'), signUp(b, 'bob')]);
    await alice.api.wsTicket();
    const { conversation } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
    const socket = await connect(a, alice.auth.accessToken);
    const send = async (body: string) => (await socket.request('message.send', { conversationId: conversation.id, clientMessageId: randomUUID(), body })).message.id;
    try {
      const sent = [await send('before the kill')];
      await eventually(async () => expect((await entries({ action: 'message.send', conversationId: conversation.id })).length).toBe(1), { timeoutMs: 20_000 });

      await cluster.kill('query');
      for (let i = 0; i < 5; i++) sent.push(await send(`while the query app is down ${i}`));
      await cluster.restart('query');
      for (let i = 0; i < 5; i++) sent.push(await send(`after the restart ${i}`));

      await eventually(
        async () => expect((await entries({ action: 'message.send', conversationId: conversation.id })).map((e) => e.messageId)).toEqual([...sent].reverse()),
        { timeoutMs: 30_000 },
      );
    } finally {
      socket.close();
    }
    await bob.api.history(conversation.id);

    expect((await entries({ actorId: alice.id })).map((e) => e.action).filter((x) => x !== 'message.send')).toEqual(['conversation.create', 'auth.ws-ticket', 'auth.register']);
    expect((await entries({ actorId: bob.id, action: 'history.read' }))[0]).toMatchObject({ outcome: 'success', conversationId: conversation.id, ip: expect.any(String) });
  });
});

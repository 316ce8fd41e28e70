import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { ChatApiError } from '@chat/sdk';
import { connect, record, signUp, startSplitCluster, type SplitCluster } from '@chat/testing';

/**
 * Seed 003 R14.4 on the split deployment: when Redis stalls (every client paused by `CLIENT PAUSE`,
 * a real stall of the real engine), a gateway sheds typing before core messaging, tells its
 * sockets, and takes typing again once Redis has answered in time for LOAD_RECOVERY_MS.
 */
describe('a stalled Redis sheds typing on the gateways', () => {
  let cluster: SplitCluster;

  beforeAll(async () => {
    cluster = await startSplitCluster({ LOAD_SAMPLE_MS: '100', LOAD_SHED_PROBE_MS: '250', LOAD_RECOVERY_MS: '1500' });
  });
  afterAll(() => cluster?.stop());

  it('pauses typing with 503 while Redis does not answer in time, says so, and comes back after', async () => {
    const [a] = cluster.gateways;
    const owner = await signUp(a, 'stalled');
    const { conversation } = await owner.api.createConversation({ type: 'channel', name: `stall-${randomUUID().slice(0, 8)}` });
    const socket = await connect(a, owner.auth.accessToken);
    const redis = new Redis(cluster.env.REDIS_URL!);
    try {
      await socket.request('conversation.join', { conversationId: conversation.id });
      const status = record(socket, 'server.status');
      await redis.call('CLIENT', 'PAUSE', '2000', 'ALL');
      await status.waitFor(1, 5_000);
      expect(status.frames[0]).toEqual({ level: 'shedding', paused: ['typing', 'reactions', 'receipts'], receiptIntervalMs: 1_000 });
      const refused = await socket.request('typing', { conversationId: conversation.id, isTyping: true }).then(
        () => null,
        (err: unknown) => err,
      );
      expect(refused).toBeInstanceOf(ChatApiError);
      expect((refused as ChatApiError).body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 2 });

      await status.waitFor(2, 15_000);
      expect(status.frames[1]).toEqual({ level: 'normal', paused: [], receiptIntervalMs: 1_000 });
      await socket.request('typing', { conversationId: conversation.id, isTyping: true });
      // Core messaging went on through the stall and after it.
      const { message } = await owner.api.sendMessage(conversation.id, { body: 'after the stall', clientMessageId: randomUUID() });
      expect(message.seq).toBe(1);
    } finally {
      socket.close();
      redis.disconnect();
    }
  });
});

import { randomUUID } from 'node:crypto';
import type { RealtimeClient } from '@chat/sdk';
import Redis, { Cluster } from 'ioredis';
import { loadConfig } from '@chat/platform';
import { joinRooms } from '@chat/realtime';
import { connect, record, signUp, sleep } from '../clients';
import { runId } from '../distributed/engine-env';
import { startSplitCluster, type SplitCluster } from '../distributed/split-cluster';
import { eventually } from '../eventually';
import { startRedisCluster, type RedisClusterUnderTest } from '../redis-cluster';
import { describeRedisAdapterContracts } from './redis-adapters.contracts';
import { describeFanOutContract, FanOutHarness } from './socket-fanout.harness';

/** Every Lua script of @chat/infra-redis: each must run on the cluster, where one touching two slots is refused. */
const SCRIPTS = [
  'takeToken',
  'peekTokens',
  'acquireConnection',
  'presenceTouch',
  'presenceDrop',
  'presenceMarkActive',
  'presenceSetAway',
  'presenceRead',
  'presenceClaimDue',
  'presenceAnnounce',
  'typingStart',
  'typingStop',
  'typingList',
  'typingExpire',
];

/**
 * REDIS_CLUSTER_NODES: the Redis adapters and the Socket.IO sharded adapter on a real Redis Cluster
 * of three primaries this spec starts (and stops, also when a case fails). The same contract
 * suites as on one Redis (shared-state and socket-fanout distributed specs).
 */
describe('Redis Cluster (REDIS_CLUSTER_NODES, three primaries)', () => {
  let cluster: RedisClusterUnderTest | undefined;
  beforeAll(async () => {
    cluster = await startRedisCluster(3);
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });
  const endpoint = () => ({ REDIS_CLUSTER_NODES: cluster!.nodes });

  it('is a real cluster: a script touching keys of two slots is refused (so a script that did would fail the suites below)', async () => {
    const redis = new Cluster(loadConfig(endpoint()).redis!.clusterNodes!);
    try {
      expect(await redis.cluster('INFO')).toContain('cluster_state:ok');
      await expect(redis.eval("redis.call('SET', KEYS[1], '1'); return redis.call('SET', KEYS[2], '1')", 2, 'probe:{x}', 'probe:{y}')).rejects.toThrow(/CROSSSLOT/);
      await expect(redis.eval("return redis.call('SET', KEYS[1], '1')", 2, '{slot}:a', '{slot}:b')).resolves.toBe('OK');
    } finally {
      redis.disconnect();
    }
  });

  describe('shared-state adapters (contracts)', () => {
    const scripts = describeRedisAdapterContracts(endpoint);
    it('ran every Lua script of the adapters on the cluster', () => {
      expect([...scripts.defined].sort()).toEqual([...SCRIPTS].sort());
      expect([...scripts.called].sort()).toEqual([...SCRIPTS].sort());
    });
  });

  describe('socket fan-out between two nodes (contract)', () => {
    describeFanOutContract(() => ({ ...endpoint(), REDIS_KEY_PREFIX: runId('fanout').replace('_', '-') }), 2);
  });

  it('socket fan-out: rooms reach a member on the other node, every channel in the namespace channel’s slot (so a leave and the next frame keep their order)', async () => {
    const prefix = runId('fanout').replace('_', '-');
    const harness = new FanOutHarness({ ...endpoint(), REDIS_KEY_PREFIX: prefix });
    const redis = new Cluster(loadConfig(endpoint()).redis!.clusterNodes!);
    try {
      await harness.start(2);
      const member = await harness.client(1);
      const received = new Set<string>();
      member.socket.on('message.created', (frame: { room: string }) => received.add(frame.room));
      const rooms = Array.from({ length: 24 }, () => `conv:${randomUUID()}`);
      // All at once, as a gateway joins a user's conversations on connect, then waits as it does.
      await joinRooms(harness.nodes[1].sockets.sockets.get(member.serverId)!, rooms);
      for (const room of rooms) harness.nodes[0].to(room).emit('message.created', { room });
      await eventually(() => expect([...received].sort()).toEqual([...rooms].sort()), { timeoutMs: 5_000 });
      // The namespace's channel and every room's are on one primary (without the hash tag, 24 rooms
      // would spread over all three): the receiving node subscribed to all of them there.
      const slot = Number(await redis.cluster('KEYSLOT', `{${prefix}:socket.io}`));
      const [, , [host, port]] = (await redis.cluster('SLOTS')).find(([from, to]) => slot >= from && slot <= to)!;
      const owner = new Redis({ host, port });
      try {
        const channels = (await owner.call('PUBSUB', 'SHARDCHANNELS', `*${prefix}*`)) as string[];
        expect(channels).toEqual(expect.arrayContaining([`{${prefix}:socket.io}#/#`, ...rooms.map((room) => `{${prefix}:socket.io}#/#${room}#`)]));
      } finally {
        owner.disconnect();
      }
    } finally {
      redis.disconnect();
      await harness.stop();
    }
  });

  describe('two gateway processes on the cluster (split deployment: command, query, gateways A and B)', () => {
    let split: SplitCluster | undefined;
    const sockets: RealtimeClient[] = [];
    beforeAll(async () => {
      // The engines' REDIS_URL is blanked: both Redis forms at once are refused at boot.
      split = await startSplitCluster({ REDIS_URL: '', REDIS_CLUSTER_NODES: cluster!.nodes });
    }, 120_000);
    afterAll(async () => {
      sockets.forEach((s) => s.close());
      await split?.stop();
    });

    it('a client on A and a client on B in one conversation receive each other’s messages once, in order', async () => {
      const [a, b] = split!.gateways;
      const alice = await signUp(a, 'alice');
      const bob = await signUp(b, 'bob');
      const { conversation } = await alice.api.createConversation({ type: 'direct', memberIds: [bob.id] });
      const [aliceSocket, bobSocket] = [await connect(a, alice.auth.accessToken), await connect(b, bob.auth.accessToken)];
      sockets.push(aliceSocket, bobSocket);
      const frames = [record(aliceSocket, 'message.created'), record(bobSocket, 'message.created')];
      await aliceSocket.request('conversation.join', { conversationId: conversation.id });
      await bobSocket.request('conversation.join', { conversationId: conversation.id });
      for (let i = 0; i < 10; i++) {
        const from = i % 2 ? bobSocket : aliceSocket;
        await from.request('message.send', { conversationId: conversation.id, clientMessageId: randomUUID(), body: `over the cluster ${i}` });
      }
      for (const f of frames) await f.waitFor(10, 20_000);
      await sleep(500); // a duplicate would arrive within this window
      for (const f of frames) expect(f.frames.map((x) => x.message.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    });
  });
});

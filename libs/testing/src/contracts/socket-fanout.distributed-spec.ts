import Redis from 'ioredis';
import { loadConfig, startTelemetry } from '@chat/platform';
import { engineEnv, runId } from '../distributed/engine-env';
import { describeFanOutContract, FanOutHarness } from './socket-fanout.harness';

describe('socket fan-out contract', () => {
  beforeAll(() => startTelemetry(loadConfig({}).telemetry, 'fanout-contract'));

  describe.each([
    ['in-memory adapter (one node)', () => ({}), 1 as const],
    ['sharded Redis adapter (two nodes)', () => ({ REDIS_URL: engineEnv().REDIS_URL, REDIS_KEY_PREFIX: runId('fanout').replace('_', '-') }), 2 as const],
  ])('%s', (_name, env, nodeCount) => describeFanOutContract(env, nodeCount));

  it('sharded Redis adapter: a node subscribes only to the rooms its own sockets are in', async () => {
    const prefix = runId('fanout').replace('_', '-');
    const harness = new FanOutHarness({ REDIS_URL: engineEnv().REDIS_URL, REDIS_KEY_PREFIX: prefix });
    const redis = new Redis(engineEnv().REDIS_URL);
    try {
      await harness.start(2);
      const onlyHere = await harness.client(0);
      const both = [await harness.client(0), await harness.client(1)];
      const local = (node: 0 | 1, id: string) => harness.nodes[node].sockets.sockets.get(id)!;
      await local(0, onlyHere.serverId).join('conv:only-here');
      await local(0, both[0].serverId).join('conv:both');
      await local(1, both[1].serverId).join('conv:both');
      await new Promise((r) => setTimeout(r, 300));
      const subscribers = async (room: string) => {
        const reply = (await redis.call('PUBSUB', 'SHARDNUMSUB', `${prefix}:socket.io#/#${room}#`)) as [string, number];
        return Number(reply[1]);
      };
      expect(await subscribers('conv:only-here')).toBe(1);
      expect(await subscribers('conv:both')).toBe(2);
      expect(await subscribers('conv:nobody')).toBe(0);
    } finally {
      redis.disconnect();
      await harness.stop();
    }
  });
});

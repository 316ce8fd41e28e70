import Redis from 'ioredis';
import { io } from 'socket.io-client';
import { loadConfig, startTelemetry } from '@chat/platform';
import { eventually } from '../eventually';
import { within } from '../within';
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

  it('sharded Redis adapter: once a node\'s subscriber connection is back after a drop, its sockets are made to reconnect', async () => {
    const harness = new FanOutHarness({ REDIS_URL: engineEnv().REDIS_URL, REDIS_KEY_PREFIX: runId('fanout').replace('_', '-') });
    const redis = new Redis(engineEnv().REDIS_URL);
    // A client that reconnects by itself, as the SDK's and the web app's do.
    await harness.start(2);
    const client = io(harness.url(1), { transports: ['websocket'], reconnectionDelay: 50 });
    try {
      await new Promise<void>((resolve, reject) => client.once('connect', resolve).once('connect_error', reject));
      const firstId = client.id!;
      await harness.nodes[1].sockets.sockets.get(firstId)!.join('conv:kicked-from');
      const frames: unknown[] = [];
      client.on('frame', (frame: unknown) => void frames.push(frame));
      const closed = new Promise<string>((resolve) => client.once('disconnect', resolve));

      await killSubscriber(redis, 'chat-fanout-1-io-sub');
      // Published while node 1 cannot hear it: the kick never reaches the socket there.
      harness.nodes[0].in(firstId).socketsLeave('conv:kicked-from');

      expect(await within('Waiting for node 1 to close the socket', 10_000, closed)).toBe('transport close');
      await eventually(() => expect(client.connected && client.id !== firstId).toBe(true));
      // The reconnected socket is a new one, in the rooms its joins put it in again: none here.
      harness.nodes[0].to('conv:kicked-from').emit('frame', 'after the kick');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(frames).toEqual([]);
    } finally {
      client.close();
      redis.disconnect();
      await harness.stop();
    }
  });
});

/** Closes the named subscriber connection from Redis's side, as a network drop would. */
async function killSubscriber(redis: Redis, name: string): Promise<void> {
  const clients = ((await redis.call('CLIENT', 'LIST')) as string).split('\n').filter((line) => line.includes(` name=${name} `));
  expect(clients).toHaveLength(1);
  await redis.call('CLIENT', 'KILL', 'ID', clients[0].match(/^id=(\d+)/)![1]);
}


import type Redis from 'ioredis';
import { createRedisClient, RedisConnectionCounter } from '@chat/infra-redis';
import { CONNECTION_COUNTER_CONTRACT, loadConfig } from '@chat/platform';
import { engineEnv, runId } from '../distributed/engine-env';

/** The Redis adapter of the tenant connection count, held to the contract the in-memory one passes (libs/platform quota/). */
describe('RedisConnectionCounter (connection counter contract; each "gateway" has its own connection)', () => {
  const clients: Redis[] = [];
  const client = async (prefix: string) => {
    const redis = createRedisClient(loadConfig({ REDIS_URL: engineEnv().REDIS_URL, REDIS_KEY_PREFIX: prefix }).redis!, 'connection-counter-spec');
    // Kept before connecting: a client whose connect failed keeps reconnecting until disconnected.
    clients.push(redis);
    await redis.connect();
    return redis;
  };
  afterAll(() => clients.forEach((c) => c.disconnect()));

  for (const c of CONNECTION_COUNTER_CONTRACT) {
    it(c.name, async () => {
      const prefix = runId('conn').replace('_', '-');
      const nodes = [await client(prefix), await client(prefix)];
      let next = 0;
      await c.run(() => new RedisConnectionCounter(nodes[next++ % 2]));
    });
  }
});

import type Redis from 'ioredis';
import { createRedisClient, RedisAppliedEventLog, RedisPresenceStore, RedisProfileCache, RedisRateLimiter, RedisTypingStore } from '@chat/infra-redis';
import { loadConfig, PRESENCE_STORE_CONTRACT, PROFILE_CACHE_CONTRACT, RATE_LIMITER_CONTRACT, TYPING_STORE_CONTRACT } from '@chat/platform';
import { engineEnv, runId } from '../distributed/engine-env';

/** The Redis adapters of the shared-state ports, held to the same contracts as the in-memory ones (run in libs/platform's unit specs). */
describe('Redis shared state', () => {
  const clients: Redis[] = [];
  const client = async (prefix: string) => {
    const redis = createRedisClient(loadConfig({ REDIS_URL: engineEnv().REDIS_URL, REDIS_KEY_PREFIX: prefix }).redis!, 'state-spec');
    // Kept before connecting: a client whose connect failed keeps reconnecting until disconnected.
    clients.push(redis);
    await redis.connect();
    return redis;
  };
  afterAll(() => clients.forEach((c) => c.disconnect()));

  describe('RedisRateLimiter (rate limiter contract; each "node" has its own connection)', () => {
    for (const c of RATE_LIMITER_CONTRACT) {
      it(c.name, async () => {
        const prefix = runId('rl').replace('_', '-');
        const nodes = [await client(prefix), await client(prefix)];
        let next = 0;
        await c.run(() => new RedisRateLimiter(nodes[next++ % 2]));
      });
    }
  });

  describe('RedisPresenceStore (presence store contract; a fresh key prefix per case)', () => {
    for (const c of PRESENCE_STORE_CONTRACT) it(c.name, async () => c.run(new RedisPresenceStore(await client('unused'), `${runId('presence')}:`)));
  });

  describe('RedisTypingStore (typing store contract; a fresh key prefix per case)', () => {
    for (const c of TYPING_STORE_CONTRACT) it(c.name, async () => c.run(new RedisTypingStore(await client('unused'), `${runId('typing')}:`)));
  });

  describe('RedisProfileCache (profile cache contract; each "node" has its own connection under a fresh prefix)', () => {
    for (const c of PROFILE_CACHE_CONTRACT) {
      it(c.name, async () => {
        const prefix = runId('profiles').replace('_', '-');
        const nodes = [await client(prefix), await client(prefix)];
        let next = 0;
        await c.run(() => new RedisProfileCache(nodes[next++ % 2]));
      });
    }
  });

  it('RedisAppliedEventLog: an id applied by one member of a group is applied for every member, and only for that group', async () => {
    const prefix = runId('log').replace('_', '-');
    const [a, b] = [new RedisAppliedEventLog(await client(prefix), 60), new RedisAppliedEventLog(await client(prefix), 60)];
    expect(await b.wasApplied('fanout', 'e1')).toBe(false);
    await a.markApplied('fanout', 'e1');
    expect(await b.wasApplied('fanout', 'e1')).toBe(true);
    expect(await b.wasApplied('projection', 'e1')).toBe(false);
  });
});

import { createRedisClient, RedisAppliedEventLog, RedisConnectionCounter, RedisPresenceStore, RedisProfileCache, RedisRateLimiter, RedisTypingStore, type RedisClient } from '@chat/infra-redis';
import { CONNECTION_COUNTER_CONTRACT, loadConfig, PRESENCE_STORE_CONTRACT, PROFILE_CACHE_CONTRACT, RATE_LIMITER_CONTRACT, TYPING_STORE_CONTRACT } from '@chat/platform';
import { runId } from '../distributed/engine-env';

/** Where the suite's Redis is: `{ REDIS_URL }` or `{ REDIS_CLUSTER_NODES }`, read when a case runs. */
export type RedisEndpointEnv = () => Record<string, string>;

/** Every client a suite opened, and the Lua scripts the adapters defined on them and called. */
export interface RedisSuiteClients {
  defined: Set<string>;
  called: Set<string>;
}

/**
 * The Redis adapters of the shared-state ports, held to the same contracts as the in-memory ones
 * (libs/platform's unit specs run those), against the Redis `endpoint` names. Each case gets its
 * own key prefix and each "node" its own connection. The scripts the adapters define and the ones
 * the cases call are counted, so a suite on a cluster can tell that every script ran there.
 */
export function describeRedisAdapterContracts(endpoint: RedisEndpointEnv): RedisSuiteClients {
  const scripts: RedisSuiteClients = { defined: new Set(), called: new Set() };
  const clients: RedisClient[] = [];
  const client = async (prefix: string) => {
    const redis = createRedisClient(loadConfig({ ...endpoint(), REDIS_KEY_PREFIX: prefix }).redis!, 'state-spec');
    // Kept before connecting: a client whose connect failed keeps reconnecting until disconnected.
    clients.push(redis);
    countScripts(redis, scripts);
    await redis.connect();
    return redis;
  };
  const prefix = (name: string) => runId(name).replace('_', '-');
  afterAll(() => clients.forEach((c) => c.disconnect()));

  describe('RedisRateLimiter (rate limiter contract; each "node" has its own connection)', () => {
    for (const c of RATE_LIMITER_CONTRACT) {
      it(c.name, async () => {
        const p = prefix('rl');
        const nodes = [await client(p), await client(p)];
        let next = 0;
        await c.run(() => new RedisRateLimiter(nodes[next++ % 2]));
      });
    }
  });

  describe('RedisPresenceStore (presence store contract; a fresh key prefix per case)', () => {
    for (const c of PRESENCE_STORE_CONTRACT) it(c.name, async () => c.run(new RedisPresenceStore(await client(prefix('presence')))));
  });

  describe('RedisTypingStore (typing store contract; a fresh key prefix per case)', () => {
    for (const c of TYPING_STORE_CONTRACT) it(c.name, async () => c.run(new RedisTypingStore(await client(prefix('typing')))));

    it('keeps the viewers (VIEWER_STORE) apart from the typists under the same prefix', async () => {
      const shared = await client(prefix('typing-viewing'));
      const [typing, viewing] = [new RedisTypingStore(shared), new RedisTypingStore(shared, 'viewing')];
      const key = { tenantId: 't', conversationId: 'c' };
      await typing.start(key, 'typist', 0, 10_000, 0);
      await viewing.start(key, 'viewer/socket', 0, 10_000, 0);
      expect([await typing.list(key, 1), await viewing.list(key, 1)]).toEqual([['typist'], ['viewer/socket']]);
      expect(await viewing.expire(20_000, 10)).toEqual([{ key, userIds: [] }]);
      expect(await typing.list(key, 1)).toEqual(['typist']);
    });
  });

  describe('RedisProfileCache (profile cache contract; each "node" has its own connection under a fresh prefix)', () => {
    for (const c of PROFILE_CACHE_CONTRACT) {
      it(c.name, async () => {
        const p = prefix('profiles');
        const nodes = [await client(p), await client(p)];
        let next = 0;
        await c.run(() => new RedisProfileCache(nodes[next++ % 2]));
      });
    }
  });

  describe('RedisConnectionCounter (connection counter contract; each "gateway" has its own connection)', () => {
    for (const c of CONNECTION_COUNTER_CONTRACT) {
      it(c.name, async () => {
        const p = prefix('conn');
        const nodes = [await client(p), await client(p)];
        let next = 0;
        await c.run(() => new RedisConnectionCounter(nodes[next++ % 2]));
      });
    }
  });

  it('RedisAppliedEventLog: an id applied by one member of a group is applied for every member, and only for that group', async () => {
    const p = prefix('log');
    const [a, b] = [new RedisAppliedEventLog(await client(p), 60), new RedisAppliedEventLog(await client(p), 60)];
    expect(await b.wasApplied('fanout', 'e1')).toBe(false);
    await a.markApplied('fanout', 'e1');
    expect(await b.wasApplied('fanout', 'e1')).toBe(true);
    expect(await b.wasApplied('projection', 'e1')).toBe(false);
  });

  return scripts;
}

/** Notes each script an adapter defines on `redis`, and each call of one. */
function countScripts(redis: RedisClient, scripts: RedisSuiteClients): void {
  const define = redis.defineCommand.bind(redis);
  redis.defineCommand = (name, definition) => {
    define(name, definition);
    scripts.defined.add(name);
    const target = redis as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const command = target[name];
    target[name] = (...args: unknown[]) => {
      scripts.called.add(name);
      return command.apply(redis, args);
    };
  };
}

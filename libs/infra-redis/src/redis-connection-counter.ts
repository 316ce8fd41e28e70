import type { ConnectionCounter, ConnectionLease } from '@chat/platform';
import type { RedisClient } from './redis-client';

/**
 * ConnectionCounter on Redis (mapping on the port): one ZSET of connection → lease deadline per
 * pool (a tenant, or one user), so every gateway counts against the same places. Acquiring drops
 * lapsed leases and checks the limit in one script; renewals are plain ZADDs sent on the same
 * connection as the releases, so a release is never undone by a renewal sent before it (on a
 * cluster, a pool's key lives on one primary and its commands share that primary's connection).
 * The key expires past its latest lease, so a pool whose gateways all died leaves nothing behind.
 * Every command and the script touch one pool's key only, so no hash tag is needed.
 */
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[3])
local limit = tonumber(ARGV[2])
if limit > 0 and not redis.call('ZSCORE', KEYS[1], ARGV[1]) and redis.call('ZCARD', KEYS[1]) >= limit then return 0 end
redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
local ttl = tonumber(ARGV[4]) - tonumber(ARGV[3])
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1
`;

type WithAcquire = RedisClient & { acquireConnection(key: string, member: string, limit: number, now: number, until: number): Promise<number> };

const keyOf = (pool: string) => `conn:${pool}`;

export class RedisConnectionCounter implements ConnectionCounter {
  private readonly redis: WithAcquire;

  constructor(redis: RedisClient) {
    redis.defineCommand('acquireConnection', { numberOfKeys: 1, lua: ACQUIRE });
    this.redis = redis as WithAcquire;
  }

  async acquire({ pool, connectionId }: ConnectionLease, limit: number, nowMs: number, leaseUntilMs: number): Promise<boolean> {
    return (await this.redis.acquireConnection(keyOf(pool), connectionId, limit, nowMs, leaseUntilMs)) === 1;
  }

  async renew(leases: readonly ConnectionLease[], nowMs: number, leaseUntilMs: number): Promise<void> {
    if (leases.length === 0) return;
    const byPool = new Map<string, string[]>();
    for (const { pool, connectionId } of leases) {
      // Appended in place: a gateway renews thousands of one pool's sockets at once.
      const ids = byPool.get(pool);
      if (ids) ids.push(connectionId);
      else byPool.set(pool, [connectionId]);
    }
    // Sent as commands of their own, not one pipeline: on a cluster the pools live on different
    // primaries, and ioredis refuses a pipeline that spans them. Each still goes out at once.
    await Promise.all(
      [...byPool].flatMap(([pool, ids]) => [this.redis.zadd(keyOf(pool), ...ids.flatMap((id) => [leaseUntilMs, id])), this.redis.pexpire(keyOf(pool), leaseUntilMs - nowMs)]),
    );
  }

  async release({ pool, connectionId }: ConnectionLease): Promise<void> {
    await this.redis.zrem(keyOf(pool), connectionId);
  }

  async count(pool: string, nowMs: number): Promise<number> {
    return this.redis.zcount(keyOf(pool), `(${nowMs}`, '+inf');
  }
}

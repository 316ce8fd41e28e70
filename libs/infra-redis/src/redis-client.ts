import Redis, { Cluster, type RedisOptions } from 'ioredis';
import type { RedisConfig } from '@chat/platform';

/** A command connection to one Redis or to a Redis Cluster; the adapters use what both offer. */
export type RedisClient = Redis | Cluster;

/** The two connections of the Socket.IO sharded adapter: SPUBLISH on `pub`, SSUBSCRIBE on `sub`. */
export interface RedisPubSub {
  pub: RedisClient;
  sub: RedisClient;
}

const reconnectDelay = (attempt: number) => Math.min(attempt * 200, 2_000);

/**
 * A command connection. Every key the adapters write starts with REDIS_KEY_PREFIX, so environments
 * can share one Redis. Commands fail fast while disconnected (a rate-limit check must not hang a
 * request), and the client keeps reconnecting in the background. On a cluster the same holds per
 * node, and the client follows MOVED/ASK redirections and re-reads the slot map on its own.
 */
export function createRedisClient(config: RedisConfig, name: string): RedisClient {
  const options: RedisOptions = {
    connectionName: name,
    keyPrefix: `${config.keyPrefix}:`,
    lazyConnect: true,
    maxRetriesPerRequest: 2,
  };
  if (config.url !== null) return new Redis(config.url, { ...options, enableOfflineQueue: true, retryStrategy: reconnectDelay });
  return new Cluster(config.clusterNodes, {
    keyPrefix: options.keyPrefix,
    lazyConnect: true,
    // A cluster's offline queue waits for the cluster without a bound; failing at once while it
    // is down is what maxRetriesPerRequest gives the single client.
    enableOfflineQueue: false,
    clusterRetryStrategy: reconnectDelay,
    redisOptions: { connectionName: name, maxRetriesPerRequest: 2, password: config.password ?? undefined },
  });
}

/**
 * The pub/sub pair of the Socket.IO sharded adapter (no key prefix: channels carry their own).
 * One Redis: the subscriber skips the ready check, whose INFO probe fails once SSUBSCRIBE has put
 * the connection in subscriber mode. A cluster: `shardedSubscribers` gives the subscriber one
 * connection per primary, so SSUBSCRIBE reaches the node owning the channel's slot, where SPUBLISH
 * lands (ioredis >= 5.9; before, sharded messages never arrived on a Cluster, ioredis#1759).
 */
export function createRedisPubSub(config: RedisConfig, name: string): RedisPubSub {
  if (config.url !== null) {
    const pub = new Redis(config.url, { connectionName: `${name}-pub` });
    return { pub, sub: pub.duplicate({ connectionName: `${name}-sub`, enableReadyCheck: false }) };
  }
  const clusterOptions = (role: string) => ({
    clusterRetryStrategy: reconnectDelay,
    redisOptions: { connectionName: `${name}-${role}`, password: config.password ?? undefined },
  });
  return {
    pub: new Cluster(config.clusterNodes, clusterOptions('pub')),
    sub: new Cluster(config.clusterNodes, { ...clusterOptions('sub'), shardedSubscribers: true }),
  };
}

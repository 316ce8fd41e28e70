import Redis from 'ioredis';
import type { RedisConfig } from '@chat/platform';

/**
 * A command connection. Every key the adapters write starts with REDIS_KEY_PREFIX, so environments
 * can share one Redis. Commands fail fast while disconnected (a rate-limit check must not hang a
 * request), and the client keeps reconnecting in the background.
 */
export function createRedisClient(config: RedisConfig, name: string): Redis {
  return new Redis(config.url, {
    connectionName: name,
    keyPrefix: `${config.keyPrefix}:`,
    lazyConnect: true,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  });
}

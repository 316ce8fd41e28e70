import type { RedisClient } from './redis-client';

/** A client with each script callable as a command of its own name. */
export type WithScripts<S> = RedisClient & { [K in keyof S]: (...args: (string | number)[]) => Promise<unknown> };

/**
 * Registers Lua scripts that each take one declared key, the due set of a shard (hash-slots.ts):
 * the client's keyPrefix applies to it, a cluster client routes the call to the primary owning its
 * slot, and the script builds the shard's other keys from it (same tag, so the same slot).
 */
export function withShardScripts<S extends Record<string, string>>(redis: RedisClient, scripts: S): WithScripts<S> {
  for (const [name, lua] of Object.entries(scripts)) redis.defineCommand(name, { numberOfKeys: 1, lua });
  return redis as WithScripts<S>;
}

import type Redis from 'ioredis';

/** A client with each script callable as a command of its own name. */
export type WithScripts<S> = Redis & { [K in keyof S]: (...args: (string | number)[]) => Promise<unknown> };

/**
 * Registers Lua scripts that take no KEYS: they build their keys from a prefix passed as an
 * argument, so a client-side keyPrefix does not apply to them.
 */
export function withKeylessScripts<S extends Record<string, string>>(redis: Redis, scripts: S): WithScripts<S> {
  for (const [name, lua] of Object.entries(scripts)) redis.defineCommand(name, { numberOfKeys: 0, lua });
  return redis as WithScripts<S>;
}

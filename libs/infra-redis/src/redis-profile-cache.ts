import type { ProfileCache } from '@chat/platform';
import type { RedisClient } from './redis-client';

/**
 * The distributed ProfileCache: `profile:fetched:<subject>` holds the time its fetch is fresh
 * until (ms), and Redis expires the key at that moment, so nothing needs sweeping. The stored time
 * decides, not the key's presence alone, so every node judges freshness by the caller's clock as
 * the in-memory adapter does. Each subject's key is read, written and deleted by a command of its
 * own, all sent at once: the subjects' keys hash to any slot of a Redis Cluster, and an MGET, a
 * multi-key DEL or a pipeline spanning slots of several primaries would be refused there.
 */
export class RedisProfileCache implements ProfileCache {
  constructor(private readonly redis: RedisClient) {}

  async stale(subjects: readonly string[], now: number): Promise<string[]> {
    const unique = [...new Set(subjects)];
    if (!unique.length) return [];
    const until = await Promise.all(unique.map((subject) => this.redis.get(key(subject))));
    return unique.filter((_, i) => until[i] === null || Number(until[i]) <= now);
  }

  async markFetched(subjects: readonly string[], now: number, ttlMs: number): Promise<void> {
    if (!subjects.length) return;
    const until = now + ttlMs;
    // The key lives as long by Redis's clock as the entry does by the caller's (at least 1 ms: PX refuses 0).
    const px = Math.max(1, until - Date.now());
    await Promise.all([...new Set(subjects)].map((subject) => this.redis.set(key(subject), String(until), 'PX', px)));
  }

  async forget(subjects: readonly string[]): Promise<void> {
    await Promise.all([...new Set(subjects)].map((subject) => this.redis.del(key(subject))));
  }
}

function key(subject: string): string {
  return `profile:fetched:${subject}`;
}

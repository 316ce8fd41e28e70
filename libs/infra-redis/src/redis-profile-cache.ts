import type Redis from 'ioredis';
import type { ProfileCache } from '@chat/platform';

/**
 * The distributed ProfileCache: `profile:fetched:<subject>` holds the time its fetch is fresh
 * until (ms), and Redis expires the key at that moment, so nothing needs sweeping. The stored time
 * decides, not the key's presence alone, so every node judges freshness by the caller's clock as
 * the in-memory adapter does. One MGET per look, one pipeline per write.
 */
export class RedisProfileCache implements ProfileCache {
  constructor(private readonly redis: Redis) {}

  async stale(subjects: readonly string[], now: number): Promise<string[]> {
    const unique = [...new Set(subjects)];
    if (!unique.length) return [];
    const until = await this.redis.mget(unique.map(key));
    return unique.filter((_, i) => until[i] === null || Number(until[i]) <= now);
  }

  async markFetched(subjects: readonly string[], now: number, ttlMs: number): Promise<void> {
    if (!subjects.length) return;
    const until = now + ttlMs;
    // The key lives as long by Redis's clock as the entry does by the caller's (at least 1 ms: PX refuses 0).
    const px = Math.max(1, until - Date.now());
    const pipeline = this.redis.pipeline();
    for (const subject of new Set(subjects)) pipeline.set(key(subject), String(until), 'PX', px);
    await pipeline.exec();
  }

  async forget(subjects: readonly string[]): Promise<void> {
    if (subjects.length) await this.redis.del(...[...new Set(subjects)].map(key));
  }
}

function key(subject: string): string {
  return `profile:fetched:${subject}`;
}

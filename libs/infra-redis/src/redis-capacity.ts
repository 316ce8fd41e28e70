import { Cluster } from 'ioredis';
import { ConfigError } from '@chat/platform';
import type { RedisClient } from './redis-client';

const MIB = 1024 * 1024;

/** What `INFO memory` says of the memory cap: `maxmemory` in bytes (0: none) and what happens at it. */
export interface RedisMemoryCap {
  maxmemoryBytes: number;
  policy: string;
}

export function memoryCapOf(info: string): RedisMemoryCap {
  const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
  return { maxmemoryBytes: Number(field('maxmemory') ?? 0), policy: field('maxmemory_policy') ?? 'unknown' };
}

/** Why a Redis is too small for this service, or null when it is not (no cap, or one at least `minMb`). */
export function capacityProblem(where: string, cap: RedisMemoryCap, minMb: number): string | null {
  if (minMb === 0 || cap.maxmemoryBytes === 0 || cap.maxmemoryBytes >= minMb * MIB) return null;
  return `Redis ${where} has maxmemory ${Math.floor(cap.maxmemoryBytes / MIB)} MB, below the ${minMb} MB this service needs (REDIS_MIN_MEMORY_MB): raise its maxmemory, or lower REDIS_MIN_MEMORY_MB knowingly`;
}

/**
 * Seed 004 R10.5: the start connects to a Redis of at least REDIS_MIN_MEMORY_MB. A capped Redis
 * that fills up refuses writes or evicts keys, and here that means rate limits, presence, typing,
 * connection counts and the sockets' fan-out failing at load, long after a deploy looked fine, so
 * a cap below the minimum fails the start instead. Read from `INFO memory`, which managed Redis
 * services answer where they refuse CONFIG; on a cluster, every primary.
 */
export async function checkRedisCapacity(client: RedisClient, minMb: number): Promise<RedisMemoryCap[]> {
  const nodes = client instanceof Cluster ? client.nodes('master') : [client];
  const caps: RedisMemoryCap[] = [];
  for (const node of nodes) {
    const cap = memoryCapOf(await node.info('memory'));
    const problem = capacityProblem(`${node.options.host}:${node.options.port}`, cap, minMb);
    // Refused as a configuration is: the message alone, exit code 2 (runApp).
    if (problem) throw new ConfigError([problem]);
    caps.push(cap);
  }
  return caps;
}

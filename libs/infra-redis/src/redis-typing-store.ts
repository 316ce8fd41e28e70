import type { TypingKey, TypingState, TypingStore } from '@chat/platform';
import { DUE_SHARDS, dueKey, dueShard } from './hash-slots';
import { withShardScripts, type WithScripts } from './lua-commands';
import type { RedisClient } from './redis-client';

/**
 * TypingStore on Redis: one Lua script per method (atomic across gateways), the mapping
 * documented on the port, under `kind`'s keys (`typing`; `viewing` for the VIEWER_STORE, which has
 * the same shape). As in RedisPresenceStore, a conversation's keys and the due set that
 * schedules them share a hash tag (`{typing:<shard>}`), the script gets the due set as its key
 * and builds the rest from it, so each runs in one slot of a Redis Cluster.
 */
const COMMON = `
local DUE = KEYS[1]
local SHARD = string.sub(DUE, 1, -4)
local function ckey(t, c) return SHARD .. 'c:' .. t .. ':' .. c end
local function skey(t, c) return SHARD .. 's:' .. t .. ':' .. c end
local function live(t, c, now)
  local ids = redis.call('ZRANGEBYSCORE', ckey(t, c), '(' .. now, '+inf')
  table.sort(ids)
  return ids
end
local function reschedule(t, c)
  local first = redis.call('ZRANGE', ckey(t, c), 0, 0, 'WITHSCORES')
  if first[2] then
    redis.call('ZADD', DUE, first[2], t .. ':' .. c)
    -- A safety net only: nobody types for an hour in one go.
    redis.call('PEXPIRE', ckey(t, c), 3600000)
    redis.call('PEXPIRE', skey(t, c), 3600000)
  else
    redis.call('ZREM', DUE, t .. ':' .. c)
    redis.call('DEL', skey(t, c))
  end
end
local function wasTyping(t, c, user, now)
  local ends = redis.call('ZSCORE', ckey(t, c), user)
  return ends ~= false and ends ~= nil and tonumber(ends) > tonumber(now)
end
`;

const SCRIPTS = {
  // KEYS: the shard's due set. ARGV: t, c, user, now, until, startedAt
  typingStart: `${COMMON}
local t, c, user, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local was = wasTyping(t, c, user, now)
redis.call('ZADD', ckey(t, c), ARGV[5], user)
redis.call('HSET', skey(t, c), user, ARGV[6])
reschedule(t, c)
return { live(t, c, now), was and 0 or 1 }`,
  // KEYS: the shard's due set. ARGV: t, c, user, now[, startedBy]
  typingStop: `${COMMON}
local t, c, user, now, startedBy = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
-- No start kept (no entry, or one a node of an older version wrote) counts as long ago: ended.
if startedBy and tonumber(redis.call('HGET', skey(t, c), user) or 0) > tonumber(startedBy) then
  return { live(t, c, now), 0 }
end
local was = wasTyping(t, c, user, now)
redis.call('ZREM', ckey(t, c), user)
redis.call('HDEL', skey(t, c), user)
reschedule(t, c)
return { live(t, c, now), was and 1 or 0 }`,
  // KEYS: the shard's due set. ARGV: t, c, now
  typingList: `${COMMON}
return live(ARGV[1], ARGV[2], ARGV[3])`,
  // KEYS: the shard's due set. ARGV: now, limit
  typingExpire: `${COMMON}
local due = redis.call('ZRANGEBYSCORE', DUE, '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for _, member in ipairs(due) do
  redis.call('ZREM', DUE, member)
  local sep = string.find(member, ':', 1, true)
  local t, c = string.sub(member, 1, sep - 1), string.sub(member, sep + 1)
  for _, user in ipairs(redis.call('ZRANGEBYSCORE', ckey(t, c), '-inf', ARGV[1])) do redis.call('HDEL', skey(t, c), user) end
  redis.call('ZREMRANGEBYSCORE', ckey(t, c), '-inf', ARGV[1])
  reschedule(t, c)
  out[#out + 1] = { t, c, live(t, c, ARGV[1]) }
end
return out`,
} as const;

export class RedisTypingStore implements TypingStore {
  private readonly redis: WithScripts<typeof SCRIPTS>;
  /** The shard a sweep starts at, moved on each time, so a busy shard cannot starve the rest. */
  private nextShard = 0;

  constructor(
    redis: RedisClient,
    private readonly kind: 'typing' | 'viewing' = 'typing',
  ) {
    this.redis = withShardScripts(redis, SCRIPTS);
  }

  private dueOf(key: TypingKey): string {
    return dueKey(this.kind, dueShard(`${key.tenantId}:${key.conversationId}`));
  }

  async start(key: TypingKey, userId: string, nowMs: number, untilMs: number, startedAtMs: number): Promise<TypingState> {
    const [userIds, changed] = (await this.redis.typingStart(this.dueOf(key), key.tenantId, key.conversationId, userId, nowMs, untilMs, startedAtMs)) as [string[], number];
    return { userIds, changed: changed === 1 };
  }

  async stop(key: TypingKey, userId: string, nowMs: number, startedByMs?: number): Promise<TypingState> {
    const bound = startedByMs === undefined ? [] : [startedByMs];
    const [userIds, changed] = (await this.redis.typingStop(this.dueOf(key), key.tenantId, key.conversationId, userId, nowMs, ...bound)) as [string[], number];
    return { userIds, changed: changed === 1 };
  }

  async list(key: TypingKey, nowMs: number): Promise<string[]> {
    return (await this.redis.typingList(this.dueOf(key), key.tenantId, key.conversationId, nowMs)) as string[];
  }

  /** Expires shard by shard until `limit` is reached; empty only when no shard has anything due. */
  async expire(nowMs: number, limit: number): Promise<{ key: TypingKey; userIds: string[] }[]> {
    const expired: { key: TypingKey; userIds: string[] }[] = [];
    const first = this.nextShard;
    this.nextShard = (first + 1) % DUE_SHARDS;
    for (let i = 0; i < DUE_SHARDS && expired.length < limit; i++) {
      const shard = (first + i) % DUE_SHARDS;
      const raw = (await this.redis.typingExpire(dueKey(this.kind, shard), nowMs, limit - expired.length)) as [string, string, string[]][];
      for (const [tenantId, conversationId, userIds] of raw) expired.push({ key: { tenantId, conversationId }, userIds });
    }
    return expired;
  }
}

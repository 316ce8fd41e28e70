import type Redis from 'ioredis';
import { withKeylessScripts, type WithScripts } from './lua-commands';
import type { TypingKey, TypingState, TypingStore } from '@chat/platform';

/**
 * TypingStore on Redis: one Lua script per method (atomic across gateways), the mapping
 * documented on the port. As in RedisPresenceStore, keys are built in the scripts from the prefix.
 */
const COMMON = `
local P = ARGV[1]
local DUE = P .. 'typing:due'
local function ckey(t, c) return P .. 'typing:' .. t .. ':' .. c end
local function skey(t, c) return P .. 'typing-started:' .. t .. ':' .. c end
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
  // ARGV: prefix, t, c, user, now, until, startedAt
  typingStart: `${COMMON}
local t, c, user, now = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local was = wasTyping(t, c, user, now)
redis.call('ZADD', ckey(t, c), ARGV[6], user)
redis.call('HSET', skey(t, c), user, ARGV[7])
reschedule(t, c)
return { live(t, c, now), was and 0 or 1 }`,
  // ARGV: prefix, t, c, user, now[, startedBy]
  typingStop: `${COMMON}
local t, c, user, now, startedBy = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
-- No start kept (no entry, or one a node of an older version wrote) counts as long ago: ended.
if startedBy and tonumber(redis.call('HGET', skey(t, c), user) or 0) > tonumber(startedBy) then
  return { live(t, c, now), 0 }
end
local was = wasTyping(t, c, user, now)
redis.call('ZREM', ckey(t, c), user)
redis.call('HDEL', skey(t, c), user)
reschedule(t, c)
return { live(t, c, now), was and 1 or 0 }`,
  // ARGV: prefix, t, c, now
  typingList: `${COMMON}
return live(ARGV[2], ARGV[3], ARGV[4])`,
  // ARGV: prefix, now, limit
  typingExpire: `${COMMON}
local due = redis.call('ZRANGEBYSCORE', DUE, '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for _, member in ipairs(due) do
  redis.call('ZREM', DUE, member)
  local sep = string.find(member, ':', 1, true)
  local t, c = string.sub(member, 1, sep - 1), string.sub(member, sep + 1)
  for _, user in ipairs(redis.call('ZRANGEBYSCORE', ckey(t, c), '-inf', ARGV[2])) do redis.call('HDEL', skey(t, c), user) end
  redis.call('ZREMRANGEBYSCORE', ckey(t, c), '-inf', ARGV[2])
  reschedule(t, c)
  out[#out + 1] = { t, c, live(t, c, ARGV[2]) }
end
return out`,
} as const;


export class RedisTypingStore implements TypingStore {
  private readonly redis: WithScripts<typeof SCRIPTS>;

  /** Every key starts with `prefix` (e.g. `chat:`); scripts take no KEYS, so a client keyPrefix does not apply. */
  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    this.redis = withKeylessScripts(redis, SCRIPTS);
  }

  async start(key: TypingKey, userId: string, nowMs: number, untilMs: number, startedAtMs: number): Promise<TypingState> {
    const [userIds, changed] = (await this.redis.typingStart(this.prefix, key.tenantId, key.conversationId, userId, nowMs, untilMs, startedAtMs)) as [string[], number];
    return { userIds, changed: changed === 1 };
  }

  async stop(key: TypingKey, userId: string, nowMs: number, startedByMs?: number): Promise<TypingState> {
    const bound = startedByMs === undefined ? [] : [startedByMs];
    const [userIds, changed] = (await this.redis.typingStop(this.prefix, key.tenantId, key.conversationId, userId, nowMs, ...bound)) as [string[], number];
    return { userIds, changed: changed === 1 };
  }

  async list(key: TypingKey, nowMs: number): Promise<string[]> {
    return (await this.redis.typingList(this.prefix, key.tenantId, key.conversationId, nowMs)) as string[];
  }

  async expire(nowMs: number, limit: number): Promise<{ key: TypingKey; userIds: string[] }[]> {
    const raw = (await this.redis.typingExpire(this.prefix, nowMs, limit)) as [string, string, string[]][];
    return raw.map(([tenantId, conversationId, userIds]) => ({ key: { tenantId, conversationId }, userIds }));
  }
}

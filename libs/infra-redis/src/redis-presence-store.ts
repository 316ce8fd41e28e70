import type Redis from 'ioredis';
import { withKeylessScripts, type WithScripts } from './lua-commands';
import type { PresenceStatus } from '@chat/contracts';
import type { PresenceKey, PresenceRecord, PresenceStore } from '@chat/platform';

/**
 * PresenceStore on Redis, one Lua script per method so each is one atomic step across every
 * gateway (the mapping is documented on the port). Keys are built inside the scripts from the
 * prefix (ARGV[1]): `claimDue` reaches users it only learns from the due set. That is fine on one
 * Redis (or a primary with replicas); on Redis Cluster these scripts would need hash tags.
 * Times are the caller's (its Clock), exactly as the in-memory adapter takes them.
 */
const COMMON = `
local P = ARGV[1]
local DUE = P .. 'presence:due'
local function ukey(t, u) return P .. 'presence:' .. t .. ':' .. u end
local function live(t, u, now) return redis.call('ZCOUNT', ukey(t, u) .. ':dev', '(' .. now, '+inf') end
local function reschedule(t, u)
  local h = ukey(t, u)
  local first = redis.call('ZRANGE', h .. ':dev', 0, 0, 'WITHSCORES')
  local d = first[2] and tonumber(first[2]) or nil
  local idle = redis.call('HGET', h, 'idleAt')
  if idle then
    idle = tonumber(idle)
    if d == nil or idle < d then d = idle end
  end
  if d then redis.call('ZADD', DUE, d, t .. ':' .. u) else redis.call('ZREM', DUE, t .. ':' .. u) end
  -- A safety net only: the state of a user nobody touches for 30 days goes away.
  redis.call('PEXPIRE', h, 2592000000)
  redis.call('PEXPIRE', h .. ':dev', 2592000000)
end
local function record(t, u, now)
  local v = redis.call('HMGET', ukey(t, u), 'away', 'lastActiveAt', 'lastSeenAt', 'announced')
  return { live(t, u, now), v[1] == '1' and 1 or 0, v[2] or '', v[3] or '', v[4] or 'offline' }
end
`;

const SCRIPTS = {
  // ARGV: prefix, t, u, device, now, until
  presenceTouch: `${COMMON}
local t, u, now = ARGV[2], ARGV[3], ARGV[5]
if live(t, u, now) == 0 then redis.call('HSET', ukey(t, u), 'away', '0') end
redis.call('ZADD', ukey(t, u) .. ':dev', ARGV[6], ARGV[4])
redis.call('HSET', ukey(t, u), 'lastSeenAt', now)
reschedule(t, u)
return record(t, u, now)`,
  // ARGV: prefix, t, u, device, now
  presenceDrop: `${COMMON}
local t, u, now = ARGV[2], ARGV[3], ARGV[5]
redis.call('ZREM', ukey(t, u) .. ':dev', ARGV[4])
redis.call('HSET', ukey(t, u), 'lastSeenAt', now)
if live(t, u, now) == 0 then redis.call('HSET', ukey(t, u), 'away', '0') end
reschedule(t, u)
return record(t, u, now)`,
  // ARGV: prefix, t, u, now, idleAt
  presenceMarkActive: `${COMMON}
local t, u, now = ARGV[2], ARGV[3], ARGV[4]
redis.call('HSET', ukey(t, u), 'lastActiveAt', now, 'idleAt', ARGV[5])
if live(t, u, now) > 0 then redis.call('HSET', ukey(t, u), 'lastSeenAt', now) end
reschedule(t, u)
return record(t, u, now)`,
  // ARGV: prefix, t, u, away (0|1), now
  presenceSetAway: `${COMMON}
local t, u = ARGV[2], ARGV[3]
redis.call('HSET', ukey(t, u), 'away', ARGV[4])
reschedule(t, u)
return record(t, u, ARGV[5])`,
  // ARGV: prefix, now, t1, u1, t2, u2, ...
  presenceRead: `${COMMON}
local out = {}
for i = 3, #ARGV, 2 do out[#out + 1] = record(ARGV[i], ARGV[i + 1], ARGV[2]) end
return out`,
  // ARGV: prefix, now, limit
  presenceClaimDue: `${COMMON}
local now = tonumber(ARGV[2])
local due = redis.call('ZRANGEBYSCORE', DUE, '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for _, member in ipairs(due) do
  redis.call('ZREM', DUE, member)
  local sep = string.find(member, ':', 1, true)
  local t, u = string.sub(member, 1, sep - 1), string.sub(member, sep + 1)
  local h = ukey(t, u)
  redis.call('ZREMRANGEBYSCORE', h .. ':dev', '-inf', ARGV[2])
  if redis.call('ZCARD', h .. ':dev') == 0 then redis.call('HSET', h, 'away', '0') end
  local idle = redis.call('HGET', h, 'idleAt')
  if idle and tonumber(idle) <= now then redis.call('HDEL', h, 'idleAt') end
  reschedule(t, u)
  out[#out + 1] = { t, u }
end
return out`,
  // ARGV: prefix, t, u, expected, next
  presenceAnnounce: `${COMMON}
local h = ukey(ARGV[2], ARGV[3])
local current = redis.call('HGET', h, 'announced') or 'offline'
if current ~= ARGV[4] then return 0 end
redis.call('HSET', h, 'announced', ARGV[5])
redis.call('PEXPIRE', h, 2592000000)
return 1`,
} as const;

type RawRecord = [number, number, string, string, string];

export class RedisPresenceStore implements PresenceStore {
  private readonly redis: WithScripts<typeof SCRIPTS>;

  /** Every key starts with `prefix` (e.g. `chat:`); scripts take no KEYS, so a client keyPrefix does not apply. */
  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    this.redis = withKeylessScripts(redis, SCRIPTS);
  }

  async touch(key: PresenceKey, deviceId: string, nowMs: number, leaseUntilMs: number): Promise<PresenceRecord> {
    return toRecord(key, (await this.redis.presenceTouch(this.prefix, key.tenantId, key.userId, deviceId, nowMs, leaseUntilMs)) as RawRecord);
  }

  async drop(key: PresenceKey, deviceId: string, nowMs: number): Promise<PresenceRecord> {
    return toRecord(key, (await this.redis.presenceDrop(this.prefix, key.tenantId, key.userId, deviceId, nowMs)) as RawRecord);
  }

  async markActive(key: PresenceKey, nowMs: number, idleAtMs: number): Promise<PresenceRecord> {
    return toRecord(key, (await this.redis.presenceMarkActive(this.prefix, key.tenantId, key.userId, nowMs, idleAtMs)) as RawRecord);
  }

  async setAway(key: PresenceKey, away: boolean, nowMs: number): Promise<PresenceRecord> {
    return toRecord(key, (await this.redis.presenceSetAway(this.prefix, key.tenantId, key.userId, away ? 1 : 0, nowMs)) as RawRecord);
  }

  async read(keys: readonly PresenceKey[], nowMs: number): Promise<PresenceRecord[]> {
    if (keys.length === 0) return [];
    const raw = (await this.redis.presenceRead(this.prefix, nowMs, ...keys.flatMap((k) => [k.tenantId, k.userId]))) as RawRecord[];
    return keys.map((key, i) => toRecord(key, raw[i]));
  }

  async claimDue(nowMs: number, limit: number): Promise<PresenceKey[]> {
    const raw = (await this.redis.presenceClaimDue(this.prefix, nowMs, limit)) as [string, string][];
    return raw.map(([tenantId, userId]) => ({ tenantId, userId }));
  }

  async announce(key: PresenceKey, expected: PresenceStatus, next: PresenceStatus): Promise<boolean> {
    return (await this.redis.presenceAnnounce(this.prefix, key.tenantId, key.userId, expected, next)) === 1;
  }
}

const time = (raw: string) => (raw === '' ? null : Number(raw));

function toRecord(key: PresenceKey, [devices, away, lastActiveAt, lastSeenAt, announced]: RawRecord): PresenceRecord {
  return { tenantId: key.tenantId, userId: key.userId, devices, away: away === 1, lastActiveAt: time(lastActiveAt), lastSeenAt: time(lastSeenAt), announced: announced as PresenceStatus };
}

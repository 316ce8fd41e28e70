import type { PresenceStatus } from '@chat/contracts';
import type { PresenceKey, PresenceRecord, PresenceStore } from '@chat/platform';
import { byShard, DUE_SHARDS, dueKey, dueShard } from './hash-slots';
import { withShardScripts, type WithScripts } from './lua-commands';
import type { RedisClient } from './redis-client';

/**
 * PresenceStore on Redis, one Lua script per method so each is one atomic step across every
 * gateway (the mapping is documented on the port). A user's keys and the due set that schedules
 * them share a hash tag (`{presence:<shard>}`, hash-slots.ts), so each script runs in one slot of a
 * Redis Cluster: the script gets the shard's due set as its key and builds the users' keys from it
 * (`claimDue` reaches users it only learns from the due set). Times are the caller's (its Clock),
 * exactly as the in-memory adapter takes them.
 */
const COMMON = `
local DUE = KEYS[1]
local SHARD = string.sub(DUE, 1, -4)
local function ukey(t, u) return SHARD .. 'u:' .. t .. ':' .. u end
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
  // KEYS: the shard's due set. ARGV: t, u, device, now, until
  presenceTouch: `${COMMON}
local t, u, now = ARGV[1], ARGV[2], ARGV[4]
if live(t, u, now) == 0 then redis.call('HSET', ukey(t, u), 'away', '0') end
redis.call('ZADD', ukey(t, u) .. ':dev', ARGV[5], ARGV[3])
redis.call('HSET', ukey(t, u), 'lastSeenAt', now)
reschedule(t, u)
return record(t, u, now)`,
  // KEYS: the shard's due set. ARGV: t, u, device, now
  presenceDrop: `${COMMON}
local t, u, now = ARGV[1], ARGV[2], ARGV[4]
redis.call('ZREM', ukey(t, u) .. ':dev', ARGV[3])
redis.call('HSET', ukey(t, u), 'lastSeenAt', now)
if live(t, u, now) == 0 then redis.call('HSET', ukey(t, u), 'away', '0') end
reschedule(t, u)
return record(t, u, now)`,
  // KEYS: the shard's due set. ARGV: t, u, now, idleAt
  presenceMarkActive: `${COMMON}
local t, u, now = ARGV[1], ARGV[2], ARGV[3]
redis.call('HSET', ukey(t, u), 'lastActiveAt', now, 'idleAt', ARGV[4])
if live(t, u, now) > 0 then redis.call('HSET', ukey(t, u), 'lastSeenAt', now) end
reschedule(t, u)
return record(t, u, now)`,
  // KEYS: the shard's due set. ARGV: t, u, away (0|1), now
  presenceSetAway: `${COMMON}
local t, u = ARGV[1], ARGV[2]
redis.call('HSET', ukey(t, u), 'away', ARGV[3])
reschedule(t, u)
return record(t, u, ARGV[4])`,
  // KEYS: the shard's due set. ARGV: now, t1, u1, t2, u2, ...
  presenceRead: `${COMMON}
local out = {}
for i = 2, #ARGV, 2 do out[#out + 1] = record(ARGV[i], ARGV[i + 1], ARGV[1]) end
return out`,
  // KEYS: the shard's due set. ARGV: now, limit
  presenceClaimDue: `${COMMON}
local now = tonumber(ARGV[1])
local due = redis.call('ZRANGEBYSCORE', DUE, '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for _, member in ipairs(due) do
  redis.call('ZREM', DUE, member)
  local sep = string.find(member, ':', 1, true)
  local t, u = string.sub(member, 1, sep - 1), string.sub(member, sep + 1)
  local h = ukey(t, u)
  redis.call('ZREMRANGEBYSCORE', h .. ':dev', '-inf', ARGV[1])
  if redis.call('ZCARD', h .. ':dev') == 0 then redis.call('HSET', h, 'away', '0') end
  local idle = redis.call('HGET', h, 'idleAt')
  if idle and tonumber(idle) <= now then redis.call('HDEL', h, 'idleAt') end
  reschedule(t, u)
  out[#out + 1] = { t, u }
end
return out`,
  // KEYS: the shard's due set. ARGV: t, u, expected, next
  presenceAnnounce: `${COMMON}
local h = ukey(ARGV[1], ARGV[2])
local current = redis.call('HGET', h, 'announced') or 'offline'
if current ~= ARGV[3] then return 0 end
redis.call('HSET', h, 'announced', ARGV[4])
redis.call('PEXPIRE', h, 2592000000)
return 1`,
} as const;

type RawRecord = [number, number, string, string, string];

const shardOf = (key: PresenceKey) => dueShard(`${key.tenantId}:${key.userId}`);
const dueOf = (key: PresenceKey) => dueKey('presence', shardOf(key));

export class RedisPresenceStore implements PresenceStore {
  private readonly redis: WithScripts<typeof SCRIPTS>;
  /** The shard a sweep starts at, moved on each time, so a busy shard cannot starve the rest. */
  private nextShard = 0;

  constructor(redis: RedisClient) {
    this.redis = withShardScripts(redis, SCRIPTS);
  }

  async touch(key: PresenceKey, deviceId: string, nowMs: number, leaseUntilMs: number): Promise<PresenceRecord> {
    return toRecord(key, (await this.redis.presenceTouch(dueOf(key), key.tenantId, key.userId, deviceId, nowMs, leaseUntilMs)) as RawRecord);
  }

  async drop(key: PresenceKey, deviceId: string, nowMs: number): Promise<PresenceRecord> {
    return toRecord(key, (await this.redis.presenceDrop(dueOf(key), key.tenantId, key.userId, deviceId, nowMs)) as RawRecord);
  }

  async markActive(key: PresenceKey, nowMs: number, idleAtMs: number): Promise<PresenceRecord> {
    return toRecord(key, (await this.redis.presenceMarkActive(dueOf(key), key.tenantId, key.userId, nowMs, idleAtMs)) as RawRecord);
  }

  async setAway(key: PresenceKey, away: boolean, nowMs: number): Promise<PresenceRecord> {
    return toRecord(key, (await this.redis.presenceSetAway(dueOf(key), key.tenantId, key.userId, away ? 1 : 0, nowMs)) as RawRecord);
  }

  /** One script per shard the keys fall in (a cluster runs each where its slot lives), answers in the keys' order. */
  async read(keys: readonly PresenceKey[], nowMs: number): Promise<PresenceRecord[]> {
    const records: PresenceRecord[] = new Array(keys.length);
    const shards = [...byShard(keys, (k) => `${k.tenantId}:${k.userId}`)];
    await Promise.all(
      shards.map(async ([shard, group]) => {
        const args = group.flatMap(({ item }) => [item.tenantId, item.userId]);
        const raw = (await this.redis.presenceRead(dueKey('presence', shard), nowMs, ...args)) as RawRecord[];
        group.forEach(({ item, index }, i) => (records[index] = toRecord(item, raw[i])));
      }),
    );
    return records;
  }

  /** Claims shard by shard until `limit` is reached; empty only when no shard has anything due. */
  async claimDue(nowMs: number, limit: number): Promise<PresenceKey[]> {
    const claimed: PresenceKey[] = [];
    const first = this.nextShard;
    this.nextShard = (first + 1) % DUE_SHARDS;
    for (let i = 0; i < DUE_SHARDS && claimed.length < limit; i++) {
      const shard = (first + i) % DUE_SHARDS;
      const raw = (await this.redis.presenceClaimDue(dueKey('presence', shard), nowMs, limit - claimed.length)) as [string, string][];
      for (const [tenantId, userId] of raw) claimed.push({ tenantId, userId });
    }
    return claimed;
  }

  async announce(key: PresenceKey, expected: PresenceStatus, next: PresenceStatus): Promise<boolean> {
    return (await this.redis.presenceAnnounce(dueOf(key), key.tenantId, key.userId, expected, next)) === 1;
  }
}

const time = (raw: string) => (raw === '' ? null : Number(raw));

function toRecord(key: PresenceKey, [devices, away, lastActiveAt, lastSeenAt, announced]: RawRecord): PresenceRecord {
  return { tenantId: key.tenantId, userId: key.userId, devices, away: away === 1, lastActiveAt: time(lastActiveAt), lastSeenAt: time(lastSeenAt), announced: announced as PresenceStatus };
}

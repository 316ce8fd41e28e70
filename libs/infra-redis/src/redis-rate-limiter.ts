import type { RateDecision, RateLimiter, RateRule } from '@chat/platform';
import type { RedisClient } from './redis-client';

/**
 * The token bucket of `takeToken` (same arithmetic, same rule values) as one Lua script, so every
 * node spends from one bucket atomically. The clock is Redis's own (TIME), so nodes with skewed
 * clocks still agree. Idle buckets expire once they would be full again.
 */
const TAKE_TOKEN = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) / 1000 * rate)
local allowed = 0
local retry = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  retry = math.ceil((1 - tokens) / rate * 1000)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return {allowed, retry}
`;

/** The same refill as TAKE_TOKEN, spending nothing and writing nothing. */
const PEEK_TOKENS = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local burst = tonumber(ARGV[2])
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
return tostring(math.min(burst, tokens + math.max(0, now - at) / 1000 * tonumber(ARGV[1])))
`;

type WithTakeToken = RedisClient & {
  takeToken(key: string, rate: number, burst: number): Promise<[number, number]>;
  peekTokens(key: string, rate: number, burst: number): Promise<string>;
};

export class RedisRateLimiter implements RateLimiter {
  private readonly redis: WithTakeToken;

  constructor(redis: RedisClient) {
    redis.defineCommand('takeToken', { numberOfKeys: 1, lua: TAKE_TOKEN });
    redis.defineCommand('peekTokens', { numberOfKeys: 1, lua: PEEK_TOKENS });
    this.redis = redis as WithTakeToken;
  }

  async consume(key: string, rule: RateRule): Promise<RateDecision> {
    const [allowed, retryAfterMs] = await this.redis.takeToken(`rate:${key}`, rule.ratePerSecond, rule.burst);
    return { allowed: allowed === 1, retryAfterMs };
  }

  async peek(key: string, rule: RateRule): Promise<number> {
    return Number(await this.redis.peekTokens(`rate:${key}`, rule.ratePerSecond, rule.burst));
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(`rate:${key}`);
  }
}

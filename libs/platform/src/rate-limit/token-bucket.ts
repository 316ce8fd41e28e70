import type { RateDecision, RateRule } from './rate-limiter.port';

export interface BucketState {
  tokens: number;
  updatedAtMs: number;
}

/** Pure token-bucket step: refill for the time elapsed, then try to spend one token. */
export function takeToken(state: BucketState | undefined, rule: RateRule, nowMs: number): { state: BucketState; decision: RateDecision } {
  const previous = state ?? { tokens: rule.burst, updatedAtMs: nowMs };
  const elapsedSeconds = Math.max(0, nowMs - previous.updatedAtMs) / 1000;
  const tokens = Math.min(rule.burst, previous.tokens + elapsedSeconds * rule.ratePerSecond);
  if (tokens >= 1) {
    return { state: { tokens: tokens - 1, updatedAtMs: nowMs }, decision: { allowed: true, retryAfterMs: 0 } };
  }
  const retryAfterMs = Math.ceil(((1 - tokens) / rule.ratePerSecond) * 1000);
  return { state: { tokens, updatedAtMs: nowMs }, decision: { allowed: false, retryAfterMs } };
}

/** Tokens a bucket holds at `nowMs`, refilled for the time elapsed (a bucket never used is full). */
export function tokensAt(state: BucketState | undefined, rule: RateRule, nowMs: number): number {
  if (!state) return rule.burst;
  return Math.min(rule.burst, state.tokens + (Math.max(0, nowMs - state.updatedAtMs) / 1000) * rule.ratePerSecond);
}

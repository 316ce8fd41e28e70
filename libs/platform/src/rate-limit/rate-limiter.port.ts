export interface RateRule {
  /** Tokens added per second. */
  ratePerSecond: number;
  /** Bucket size: how many may be spent at once after a quiet period. */
  burst: number;
}

export interface RateDecision {
  allowed: boolean;
  /** When refused: how long until one token is available. */
  retryAfterMs: number;
}

/** Token buckets keyed by caller; adapters (memory, Redis) keep the same arithmetic. */
export interface RateLimiter {
  consume(key: string, rule: RateRule): Promise<RateDecision>;
  /** Tokens in the bucket now, spending none (a bucket never used is full). */
  peek(key: string, rule: RateRule): Promise<number>;
  /** Forgets the bucket: the next call finds it full (e.g. a success that clears a count of failures). */
  reset(key: string): Promise<void>;
}

export const RATE_LIMITER = Symbol('RATE_LIMITER');

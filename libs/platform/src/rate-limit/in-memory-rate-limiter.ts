import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { RateDecision, RateLimiter, RateRule } from './rate-limiter.port';
import { takeToken, tokensAt, type BucketState } from './token-bucket';

/** Buckets in a Map; idle full buckets are swept so memory tracks active callers only. */
@Injectable()
export class InMemoryRateLimiter implements RateLimiter, OnModuleDestroy {
  private readonly buckets = new Map<string, BucketState>();
  private readonly sweeper = setInterval(() => this.sweep(), 60_000).unref();

  constructor(private readonly now: () => number = Date.now) {}

  async consume(key: string, rule: RateRule): Promise<RateDecision> {
    const { state, decision } = takeToken(this.buckets.get(key), rule, this.now());
    this.buckets.set(key, state);
    return decision;
  }

  async peek(key: string, rule: RateRule): Promise<number> {
    return tokensAt(this.buckets.get(key), rule, this.now());
  }

  async reset(key: string): Promise<void> {
    this.buckets.delete(key);
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  private sweep(): void {
    const cutoff = this.now() - 10 * 60_000;
    for (const [key, state] of this.buckets) if (state.updatedAtMs < cutoff) this.buckets.delete(key);
  }
}

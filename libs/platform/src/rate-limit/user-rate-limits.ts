import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { RateLimitedError } from '../errors/api-error';
import { perMinuteRule } from '../quota/tenant-quota';
import { RATE_LIMITER, type RateLimiter, type RateRule } from './rate-limiter.port';

/** The limits of AppConfig.rateLimits that count one caller's actions of a minute (`RATE_LIMIT_*_PER_MINUTE`). */
export type PerMinuteRate = Extract<keyof AppConfig['rateLimits'], `${string}PerMinute`>;

/**
 * One caller's budget for one kind of action: `limit` a minute, all of which may be spent at once
 * after a quiet minute, refilled evenly (a token bucket on the RATE_LIMITER port, so the budget is
 * shared by every node: memory on one, Redis when distributed). Call `spend` before anything is
 * written or broadcast: past the budget it throws RateLimitedError (429 `RATE_LIMITED` with
 * Retry-After over REST, the same error in a socket ack).
 */
@Injectable()
export class UserRateLimits {
  constructor(
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Spends one of `callerId`'s `rate` (usually a user id); throws RateLimitedError once they are used up. */
  spend(rate: PerMinuteRate, callerId: string): Promise<void> {
    return this.spendUnder(`${rate}:${callerId}`, perMinuteRule(this.config.rateLimits[rate]));
  }

  /** The same for a budget of another period (its own `key` and `rule`, e.g. verification mails an hour). */
  async spendUnder(key: string, rule: RateRule): Promise<void> {
    const decision = await this.limiter.consume(key, rule);
    if (!decision.allowed) throw new RateLimitedError(Math.max(1, Math.ceil(decision.retryAfterMs / 1000)));
  }
}

/** Gives every module UserRateLimits (PlatformModule imports it). */
@Global()
@Module({ providers: [UserRateLimits], exports: [UserRateLimits] })
export class UserRateLimitsModule {}

import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { APP_CONFIG, clientNetwork, RATE_LIMITER, RateLimitedError, type AppConfig, type RateLimiter } from '@chat/platform';

/** Bounds credential guessing: AUTH attempts per client address (an IPv6 one by its /64) per minute. */
@Injectable()
export class AuthRateLimitGuard implements CanActivate {
  constructor(
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const perMinute = this.config.rateLimits.authPerMinute;
    const decision = await this.limiter.consume(`auth:${clientNetwork(req.ip ?? '')}`, { ratePerSecond: perMinute / 60, burst: perMinute });
    if (!decision.allowed) throw new RateLimitedError(Math.ceil(decision.retryAfterMs / 1000));
    return true;
  }
}

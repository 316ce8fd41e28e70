import { Inject, Injectable } from '@nestjs/common';
import { TenantQuotas } from '@chat/tenancy';
import { APP_CONFIG, RATE_LIMITER, RateLimitedError, type AppConfig, type RateLimiter } from '@chat/platform';

/** Whether a send is within its rates: the sender's own (RATE_LIMIT_MESSAGES_PER_SECOND, burst), then the tenant's per-minute budget. */
@Injectable()
export class SendRateLimits {
  constructor(
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly quotas: TenantQuotas,
  ) {}

  /** Spends one send of each; the refusal to answer with when one is used up, else null. */
  async refusal(tenantId: string, userId: string): Promise<Error | null> {
    const { messagesPerSecond, messageBurst } = this.config.rateLimits;
    const rate = await this.limiter.consume(`messages:${userId}`, { ratePerSecond: messagesPerSecond, burst: messageBurst });
    if (!rate.allowed) return new RateLimitedError(Math.max(1, Math.ceil(rate.retryAfterMs / 1000)));
    return this.quotas.spendMessage(tenantId);
  }
}

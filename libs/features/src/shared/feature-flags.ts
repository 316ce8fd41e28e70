import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, FEATURE_FLAGS, type FeatureKey } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import type { Principal } from '@chat/identity';
import { APP_CONFIG, CLOCK, TtlCache, type AppConfig, type Clock } from '@chat/platform';
import { evaluateAll, evaluateFlag, type TenantFlags } from '../evaluation/feature-evaluation';
import { FeatureFlagsRepository } from './feature-flags.repository';

/**
 * The flags as the code asks them: is this feature on for this caller? Each process keeps a
 * tenant's flags for FEATURE_FLAGS_CACHE_MS, so a check is a map lookup and a hash, not a query;
 * a change made here is seen at once, one made on another process within that time.
 */
@Injectable()
export class FeatureFlags {
  private readonly cache: TtlCache<TenantFlags>;

  constructor(repository: FeatureFlagsRepository, @Inject(APP_CONFIG) config: AppConfig, @Inject(CLOCK) clock: Clock) {
    const { cacheMs, cacheTenants } = config.features;
    this.cache = new TtlCache(clock, cacheMs, cacheTenants, (tenantId) => repository.load(tenantId));
  }

  async isEnabled(principal: Pick<Principal, 'tenantId' | 'userId'>, key: FeatureKey): Promise<boolean> {
    return evaluateFlag(key, (await this.cache.get(principal.tenantId)).get(key), principal.userId);
  }

  /** Refuses with 403 FEATURE_DISABLED when the feature is off for the caller. */
  async assertEnabled(principal: Pick<Principal, 'tenantId' | 'userId'>, key: FeatureKey): Promise<void> {
    if (!(await this.isEnabled(principal, key))) {
      throw new DomainError(ErrorCode.FEATURE_DISABLED, `${FEATURE_FLAGS[key].description} is turned off for you in this chat (feature "${key}")`, 'GET /v1/me/features lists what is on for you; a tenant administrator can change it');
    }
  }

  async forUser(principal: Pick<Principal, 'tenantId' | 'userId'>): Promise<Record<FeatureKey, boolean>> {
    return evaluateAll(await this.cache.get(principal.tenantId), principal.userId);
  }

  /** After this process changed the tenant's flags. */
  changed(tenantId: string): void {
    this.cache.invalidate(tenantId);
  }
}

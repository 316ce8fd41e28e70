import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { TenantQuotaName, TenantQuotaOverrides, TenantUsageResponse } from '@chat/contracts';
import {
  APP_CONFIG,
  CLOCK,
  CONNECTION_COUNTER,
  NO_OVERRIDES,
  RATE_LIMITER,
  TenantQuotaExceededError,
  TtlCache,
  effectiveLimits,
  onlineUsersPool,
  perMinuteRule,
  spentOf,
  type AppConfig,
  type Clock,
  type ConnectionCounter,
  type RateLimiter,
  type TenantLimits,
} from '@chat/platform';

/**
 * The quotas of each tenant: the configuration's defaults, overridden by the nullable columns of
 * its `tenants` row, read at most every TENANT_QUOTA_CACHE_SECONDS per node (a change made through
 * this node applies at once). Spends the tenant's per-minute message budget on the RATE_LIMITER
 * port and reports each quota's use. Callers enforce: the send path, the socket handshake, uploads.
 */
@Injectable()
export class TenantQuotas {
  /** One entry per tenant that was asked about (tenants are few, so no bound); a failed read is not kept. */
  private readonly overrides: TtlCache<TenantQuotaOverrides | null>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(CONNECTION_COUNTER) private readonly connections: ConnectionCounter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.overrides = new TtlCache(clock, config.quotas.cacheMs, Number.POSITIVE_INFINITY, (tenantId) => this.read(tenantId));
  }

  get defaults(): TenantLimits {
    const { maxConnections, maxOnlineUsers, messagesPerMinute } = this.config.quotas;
    return { connections: maxConnections, onlineUsers: maxOnlineUsers, messagesPerMinute, mediaBytes: this.config.media.quotaBytes };
  }

  async limitsOf(tenantId: string): Promise<TenantLimits> {
    return effectiveLimits(this.defaults, (await this.overridesOf(tenantId)) ?? NO_OVERRIDES);
  }

  /** The tenant's overrides; null when there is no such tenant. */
  overridesOf(tenantId: string): Promise<TenantQuotaOverrides | null> {
    return this.overrides.get(tenantId);
  }

  /** Replaces the tenant's overrides; false when there is no such tenant. */
  async setOverrides(tenantId: string, overrides: TenantQuotaOverrides): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH changed AS (UPDATE tenants SET max_connections = $2, max_online_users = $3, messages_per_minute = $4, media_quota_bytes = $5 WHERE id = $1 RETURNING id) SELECT id FROM changed`,
      [tenantId, overrides.connections, overrides.onlineUsers, overrides.messagesPerMinute, overrides.mediaBytes],
    );
    this.overrides.invalidate(tenantId);
    return rows.length > 0;
  }

  /** Spends one message of the tenant's per-minute budget: the refusal when it is used up, else null. */
  async spendMessage(tenantId: string): Promise<TenantQuotaExceededError | null> {
    const { messagesPerMinute } = await this.limitsOf(tenantId);
    if (messagesPerMinute === 0) return null;
    const decision = await this.limiter.consume(messageBudgetKey(tenantId), perMinuteRule(messagesPerMinute));
    return decision.allowed ? null : this.refused('messagesPerMinute', messagesPerMinute, Math.max(1, Math.ceil(decision.retryAfterMs / 1000)));
  }

  refused(quota: TenantQuotaName, limit: number, retryAfterSeconds: number | null): TenantQuotaExceededError {
    return new TenantQuotaExceededError(quota, limit, this.config.quotas.upgradeUrl, retryAfterSeconds);
  }

  /** Each quota's limit, where it comes from, and its use now. */
  async usage(tenantId: string): Promise<TenantUsageResponse> {
    const overrides = (await this.overridesOf(tenantId)) ?? NO_OVERRIDES;
    const limits = effectiveLimits(this.defaults, overrides);
    const rule = perMinuteRule(limits.messagesPerMinute);
    const now = this.clock.now();
    // People online are counted only while capped (ConnectionCaps takes their places only then).
    const [connections, online, tokens, [media]] = await Promise.all([
      this.connections.count(tenantId, now),
      limits.onlineUsers > 0 ? this.connections.count(onlineUsersPool(tenantId), now) : null,
      limits.messagesPerMinute > 0 ? this.limiter.peek(messageBudgetKey(tenantId), rule) : null,
      this.dataSource.query(`SELECT COALESCE(SUM(size), 0)::text AS used FROM media WHERE tenant_id = $1`, [tenantId]) as Promise<{ used: string }[]>,
    ]);
    const source = (q: TenantQuotaName) => (overrides[q] === null ? 'default' : 'tenant') as 'default' | 'tenant';
    return {
      tenantId,
      quotas: {
        connections: { limit: limits.connections, source: source('connections'), used: connections },
        onlineUsers: { limit: limits.onlineUsers, source: source('onlineUsers'), used: online },
        messagesPerMinute: { limit: limits.messagesPerMinute, source: source('messagesPerMinute'), used: tokens === null ? null : spentOf(rule, tokens) },
        mediaBytes: { limit: limits.mediaBytes, source: source('mediaBytes'), used: Number(media.used) },
      },
      upgradeUrl: this.config.quotas.upgradeUrl,
    };
  }

  private async read(tenantId: string): Promise<TenantQuotaOverrides | null> {
    const [row] = await this.dataSource.query(
      `SELECT max_connections AS connections, max_online_users AS "onlineUsers", messages_per_minute AS "messagesPerMinute", media_quota_bytes::text AS "mediaBytes" FROM tenants WHERE id = $1`,
      [tenantId],
    );
    if (!row) return null;
    return { connections: row.connections, onlineUsers: row.onlineUsers, messagesPerMinute: row.messagesPerMinute, mediaBytes: row.mediaBytes === null ? null : Number(row.mediaBytes) };
  }
}

/** The tenant's shared message bucket (all its senders together), beside each sender's own `messages:<userId>`. */
const messageBudgetKey = (tenantId: string) => `tenant-messages:${tenantId}`;

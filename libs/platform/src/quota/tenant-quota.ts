import { ErrorCode, type TenantQuotaDetail, type TenantQuotaName, type TenantQuotaOverrides } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import type { RateRule } from '../rate-limit/rate-limiter.port';

/** The limits in force for one tenant; 0 = unlimited. */
export type TenantLimits = Record<TenantQuotaName, number>;

/** A tenant's override wins; null (no override) leaves the configuration's default. */
export function effectiveLimits(defaults: TenantLimits, overrides: TenantQuotaOverrides): TenantLimits {
  return {
    connections: overrides.connections ?? defaults.connections,
    onlineUsers: overrides.onlineUsers ?? defaults.onlineUsers,
    messagesPerMinute: overrides.messagesPerMinute ?? defaults.messagesPerMinute,
    mediaBytes: overrides.mediaBytes ?? defaults.mediaBytes,
  };
}

export const NO_OVERRIDES: TenantQuotaOverrides = { connections: null, onlineUsers: null, messagesPerMinute: null, mediaBytes: null };

/**
 * A per-minute budget as a token bucket: the whole minute's messages may go at once, then they
 * come back at limit/60 a second, so over any minute at most about the limit goes through once
 * the burst is spent.
 */
export function perMinuteRule(limitPerMinute: number): RateRule {
  return { ratePerSecond: limitPerMinute / 60, burst: limitPerMinute };
}

/** Messages spent from the bucket: the burst minus the tokens left (what GET /v1/tenant/usage shows). */
export function spentOf(rule: RateRule, tokensLeft: number): number {
  return Math.max(0, Math.min(rule.burst, Math.round(rule.burst - tokensLeft)));
}

/** A connection lease ends this long after now; a live gateway renews it every third of it. */
export function renewEveryMs(leaseMs: number): number {
  return Math.max(1_000, Math.floor(leaseMs / 3));
}

const CODE: Record<TenantQuotaName, ErrorCode> = {
  connections: ErrorCode.TENANT_QUOTA_EXCEEDED,
  onlineUsers: ErrorCode.TOO_MANY_USERS_ONLINE,
  messagesPerMinute: ErrorCode.TENANT_QUOTA_EXCEEDED,
  mediaBytes: ErrorCode.INSUFFICIENT_STORAGE,
};

const UNIT: Record<TenantQuotaName, (limit: number) => string> = {
  connections: (n) => `${n} open connection${n === 1 ? '' : 's'} at a time`,
  onlineUsers: (n) => `${n} ${n === 1 ? 'person' : 'people'} online at a time`,
  messagesPerMinute: (n) => `${n} message${n === 1 ? '' : 's'} a minute`,
  mediaBytes: (n) => `${n} bytes of files`,
};

const MESSAGE: Record<TenantQuotaName, string> = {
  connections: 'Your organisation has reached its limit of open connections',
  onlineUsers: 'Your organisation has as many people online as it may have at once',
  messagesPerMinute: 'Your organisation has reached its limit of messages per minute',
  mediaBytes: 'Your organisation has used all of its file storage',
};

const HINT: Record<TenantQuotaName, string> = {
  connections: 'Close the app on another device, or ask an administrator to raise the limit',
  onlineUsers: 'Try again once someone has left, or ask an administrator to raise the limit',
  messagesPerMinute: 'Your message was not sent: retry after the Retry-After seconds, or ask an administrator to raise the limit',
  mediaBytes: 'Messages without files still work; remove files or ask an administrator to raise the limit',
};

/**
 * A refusal for one of the tenant's quotas. Connections and messages answer 429
 * TENANT_QUOTA_EXCEEDED with a retry time, people online 429 TOO_MANY_USERS_ONLINE (a client says
 * to wait for someone to leave, not to close its own tabs); storage keeps its 507
 * INSUFFICIENT_STORAGE. Either way `details` holds one entry naming the quota, its limit and the
 * upgrade URL.
 */
export class TenantQuotaExceededError extends DomainError {
  readonly detail: TenantQuotaDetail;

  constructor(
    quota: TenantQuotaName,
    limit: number,
    upgradeUrl: string | null,
    /** Seconds until trying again may succeed; null where waiting does not help (storage). */
    readonly retryAfterSeconds: number | null,
  ) {
    super(CODE[quota], MESSAGE[quota], upgradeUrl ? `${HINT[quota]}: ${upgradeUrl}` : HINT[quota]);
    this.detail = { field: quota, problem: `your organisation's plan allows ${UNIT[quota](limit)}`, quota, limit, upgradeUrl };
  }
}

/** Rebuilds the error from a remote app's answer (split deployments), details and all. */
export function tenantQuotaErrorFrom(details: unknown, retryAfterSeconds: number | undefined): TenantQuotaExceededError | null {
  const [d] = Array.isArray(details) ? (details as Partial<TenantQuotaDetail>[]) : [];
  if (!d || typeof d.quota !== 'string' || !(d.quota in MESSAGE) || typeof d.limit !== 'number') return null;
  return new TenantQuotaExceededError(d.quota, d.limit, d.upgradeUrl ?? null, retryAfterSeconds ?? null);
}

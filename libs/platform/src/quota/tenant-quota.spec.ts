import { toApiError } from '../errors/api-error';
import { TenantQuotaExceededError, effectiveLimits, perMinuteRule, renewEveryMs, spentOf, tenantQuotaErrorFrom } from './tenant-quota';

describe('tenant quotas', () => {
  const defaults = { connections: 100, onlineUsers: 10, messagesPerMinute: 0, mediaBytes: 5000 };

  it('takes a tenant override where it has one and the configured default where it is null', () => {
    expect(effectiveLimits(defaults, { connections: null, onlineUsers: 3, messagesPerMinute: 60, mediaBytes: 0 })).toEqual({ connections: 100, onlineUsers: 3, messagesPerMinute: 60, mediaBytes: 0 });
    expect(effectiveLimits(defaults, { connections: 0, onlineUsers: null, messagesPerMinute: null, mediaBytes: null })).toEqual({ connections: 0, onlineUsers: 10, messagesPerMinute: 0, mediaBytes: 5000 });
  });

  it('spends a per-minute budget as a bucket of the whole minute refilled over the minute', () => {
    expect(perMinuteRule(120)).toEqual({ ratePerSecond: 2, burst: 120 });
    expect(spentOf(perMinuteRule(10), 10)).toBe(0);
    expect(spentOf(perMinuteRule(10), 2.6)).toBe(7);
    expect(spentOf(perMinuteRule(10), -1)).toBe(10);
  });

  it('renews connection leases three times per lease, but not more than once a second', () => {
    expect(renewEveryMs(60_000)).toBe(20_000);
    expect(renewEveryMs(2_000)).toBe(1_000);
  });

  it('answers 429 TENANT_QUOTA_EXCEEDED for messages, with the quota, its limit, the upgrade URL and Retry-After', () => {
    const { status, body } = toApiError(new TenantQuotaExceededError('messagesPerMinute', 60, 'https://example.com/upgrade', 3), 'r1');
    expect(status).toBe(429);
    expect(body).toMatchObject({
      code: 'TENANT_QUOTA_EXCEEDED',
      retryAfterSeconds: 3,
      details: [{ field: 'messagesPerMinute', quota: 'messagesPerMinute', limit: 60, upgradeUrl: 'https://example.com/upgrade', problem: "your organisation's plan allows 60 messages a minute" }],
    });
    expect(body.hint).toContain('https://example.com/upgrade');
  });

  it('answers 429 TOO_MANY_USERS_ONLINE for people online, with the same details', () => {
    const { status, body } = toApiError(new TenantQuotaExceededError('onlineUsers', 1, null, 30), 'r4');
    expect(status).toBe(429);
    expect(body).toMatchObject({ code: 'TOO_MANY_USERS_ONLINE', retryAfterSeconds: 30, details: [{ quota: 'onlineUsers', limit: 1, problem: "your organisation's plan allows 1 person online at a time" }] });
  });

  it('keeps 507 INSUFFICIENT_STORAGE for storage, with the same details and no retry time', () => {
    const { status, body } = toApiError(new TenantQuotaExceededError('mediaBytes', 3000, null, null), 'r2');
    expect(status).toBe(507);
    expect(body.retryAfterSeconds).toBeUndefined();
    expect(body).toMatchObject({ code: 'INSUFFICIENT_STORAGE', message: 'Your organisation has used all of its file storage', details: [{ quota: 'mediaBytes', limit: 3000, upgradeUrl: null }] });
  });

  it('is rebuilt from a remote answer with its details, and only from one that names a quota', () => {
    const { body } = toApiError(new TenantQuotaExceededError('connections', 2, 'https://u', 5), 'r3');
    const again = tenantQuotaErrorFrom(body.details, body.retryAfterSeconds);
    expect(again && toApiError(again, 'r3').body).toEqual(body);
    expect(tenantQuotaErrorFrom([{ field: 'body', problem: 'too long' }], undefined)).toBeNull();
    expect(tenantQuotaErrorFrom(undefined, 3)).toBeNull();
  });
});

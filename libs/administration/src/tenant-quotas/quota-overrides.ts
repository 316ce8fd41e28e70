import { TENANT_QUOTA_NAMES, type TenantQuotaOverrides } from '@chat/contracts';
import { NO_OVERRIDES, ValidationError } from '@chat/platform';

/** Largest override of each quota: what the columns hold (integer, bigint within JavaScript's safe integers). */
const MAX: Record<keyof TenantQuotaOverrides, number> = { connections: 2_147_483_647, onlineUsers: 2_147_483_647, messagesPerMinute: 2_147_483_647, mediaBytes: Number.MAX_SAFE_INTEGER };

/**
 * The body of PUT /v1/admin/tenants/:tenantId/quotas: every quota as a non-negative integer (0 =
 * unlimited) or null for the configuration's default; an absent quota is null too (PUT replaces
 * the whole set). Anything else, or an unknown key, is VALIDATION_FAILED naming each field.
 */
export function parseQuotaOverrides(body: unknown): TenantQuotaOverrides {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationError([{ field: 'body', problem: 'must be an object of quotas' }]);
  const input = body as Record<string, unknown>;
  const problems = Object.keys(input)
    .filter((k) => !(TENANT_QUOTA_NAMES as readonly string[]).includes(k))
    .map((field) => ({ field, problem: `is not a quota (${TENANT_QUOTA_NAMES.join(', ')})` }));
  const overrides: TenantQuotaOverrides = { ...NO_OVERRIDES };
  for (const name of TENANT_QUOTA_NAMES) {
    const value = input[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > MAX[name]) problems.push({ field: name, problem: `must be an integer in 0..${MAX[name]} (0: unlimited) or null (the default)` });
    else overrides[name] = value;
  }
  if (problems.length) throw new ValidationError(problems);
  return overrides;
}

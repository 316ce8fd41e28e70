import type { TenantRole } from '@chat/contracts';
import { USERNAME_PATTERN } from '@chat/domain';

/** The claim-mapping rules of SsoConfig: which claims say the tenant and the roles, and what the roles mean. */
export interface ClaimRules {
  tenantClaim: string | null;
  rolesClaim: string | null;
  adminRoles: readonly string[];
  allowedRoles: readonly string[];
}

/** What an ID token's claims say about the person, before any account is looked up. */
export interface MappedClaims {
  /** The tenant slug the token names (OIDC_TENANT_CLAIM), or null to keep the tenant the login started for. */
  tenantSlug: string | null;
  /** Their role in the tenant, or null when no roles claim is configured (the account's role is then left alone). */
  tenantRole: TenantRole | null;
  /** False when OIDC_ALLOWED_ROLES is set and none of their roles is on it. */
  allowed: boolean;
  roles: string[];
}

/** A claim by name, or by a dotted path into nested objects (`realm_access.roles`). A name with a dot that exists as is wins. */
export function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (path in claims) return claims[path];
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A roles claim as a list: one string is one role; arrays keep their strings; anything else is no roles. */
export function rolesOf(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() ? [value.trim()] : [];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean);
  return [];
}

export function mapClaims(claims: Record<string, unknown>, rules: ClaimRules): MappedClaims {
  const tenantValue = rules.tenantClaim ? claimAt(claims, rules.tenantClaim) : undefined;
  const tenantSlug = typeof tenantValue === 'string' && tenantValue.trim() ? tenantValue.trim().toLowerCase() : null;
  if (!rules.rolesClaim) return { tenantSlug, tenantRole: null, allowed: true, roles: [] };
  const roles = rolesOf(claimAt(claims, rules.rolesClaim));
  const isAdmin = roles.some((role) => rules.adminRoles.includes(role));
  const allowed = rules.allowedRoles.length === 0 || roles.some((role) => rules.allowedRoles.includes(role));
  return { tenantSlug, tenantRole: isAdmin ? 'admin' : 'member', allowed, roles };
}

const USERNAME_MIN_CHARS = 3;

/**
 * A username for a new SSO account, from `preferred_username`, else the local part of `email`,
 * else `user`: accents dropped, anything outside USERNAME_PATTERN replaced by `-`, runs of
 * separators collapsed and trimmed, cut to the longest username, and padded to the shortest.
 */
export function usernameFromClaims(claims: Record<string, unknown>, maxChars: number): string {
  const preferred = typeof claims.preferred_username === 'string' ? claims.preferred_username : '';
  const email = typeof claims.email === 'string' ? claims.email.split('@')[0] : '';
  return sanitiseUsername(preferred || email || 'user', maxChars);
}

export function sanitiseUsername(raw: string, maxChars: number): string {
  const cleaned = raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/[-_.]{2,}/g, (run) => run[0])
    .replace(/^[-_.]+|[-_.]+$/g, '')
    .slice(0, maxChars)
    .replace(/[-_.]+$/, '');
  const name = cleaned.length >= USERNAME_MIN_CHARS ? cleaned : `${cleaned || 'user'}${'-sso'}`.slice(0, maxChars);
  if (!USERNAME_PATTERN.test(name)) throw new Error(`sanitised username "${name}" does not match USERNAME_PATTERN`);
  return name;
}

/** The `attempt`-th candidate for a username taken in the tenant: `name`, then `name-2`, `name-3`, … cut so the suffix fits. */
export function usernameCandidate(base: string, attempt: number, maxChars: number): string {
  if (attempt <= 1) return base;
  const suffix = `-${attempt}`;
  return `${base.slice(0, maxChars - suffix.length).replace(/[-_.]+$/, '')}${suffix}`;
}

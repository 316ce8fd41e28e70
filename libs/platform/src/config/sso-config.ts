import type { EnvReader } from './env-reader';

/**
 * Single sign-on with OpenID Connect (@chat/identity sso/): the install is a relying party of one
 * identity provider, found by discovery from OIDC_ISSUER_URL. Unset, SSO is off and its routes
 * answer 404 SSO_NOT_CONFIGURED.
 */
export interface SsoConfig {
  /** OIDC_ISSUER_URL: the provider's issuer; `<issuer>/.well-known/openid-configuration` describes it. */
  issuerUrl: string | null;
  /** OIDC_CLIENT_ID / OIDC_CLIENT_SECRET: this install as a confidential client of the provider. */
  clientId: string;
  clientSecret: string;
  /**
   * OIDC_REDIRECT_URL: the callback registered at the provider, required with OIDC_ISSUER_URL. Never
   * derived from a request: behind a TLS-terminating proxy its scheme is http, and its Host is the client's to choose.
   */
  redirectUrl: string | null;
  /** OIDC_SCOPES: asked for at the provider (space-separated; `openid` is always among them). */
  scopes: string;
  /** OIDC_DISPLAY_NAME: the provider's name on the login button ("Log in with …"). */
  displayName: string;
  /** OIDC_TENANT_CLAIM: the ID token claim holding the tenant's slug; unset (or absent from a token), the tenant the login started for. */
  tenantClaim: string | null;
  /** OIDC_ROLES_CLAIM: the claim holding the person's roles or groups (a string or an array; a dotted path reaches into objects). */
  rolesClaim: string | null;
  /** OIDC_ADMIN_ROLES: roles that make an account its tenant's administrator; any other is a member. Re-applied at every login. */
  adminRoles: string[];
  /** OIDC_ALLOWED_ROLES: when set, a person with none of these roles is refused (403 SSO_ROLE_NOT_ALLOWED). */
  allowedRoles: string[];
  /** OIDC_STATE_TTL_SECONDS: how long a started login may take at the provider before its callback is refused. */
  stateTtlSeconds: number;
  /** OIDC_LOGIN_CODE_TTL_SECONDS: lifetime of the one-time code the web client exchanges for tokens. */
  loginCodeTtlSeconds: number;
  /** OIDC_CLOCK_TOLERANCE_SECONDS: clock skew allowed when checking the ID token's times. */
  clockToleranceSeconds: number;
  /** OIDC_HTTP_TIMEOUT_MS: one request to the provider (discovery, token endpoint, keys). */
  httpTimeoutMs: number;
}

/** A comma-separated role or group name: anything but commas, trimmed (groups may hold spaces or slashes). */
const ROLE_NAME = /^[^,]+$/;

export function readSso(r: EnvReader): SsoConfig {
  const config: SsoConfig = {
    issuerUrl: r.url('OIDC_ISSUER_URL', null),
    clientId: r.string('OIDC_CLIENT_ID', ''),
    clientSecret: r.string('OIDC_CLIENT_SECRET', ''),
    redirectUrl: r.url('OIDC_REDIRECT_URL', null),
    scopes: r.string('OIDC_SCOPES', 'openid profile email'),
    displayName: r.string('OIDC_DISPLAY_NAME', 'SSO').slice(0, 80),
    tenantClaim: r.string('OIDC_TENANT_CLAIM', null),
    rolesClaim: r.string('OIDC_ROLES_CLAIM', null),
    adminRoles: r.list('OIDC_ADMIN_ROLES', ROLE_NAME, 'a comma-separated list of role or group names'),
    allowedRoles: r.list('OIDC_ALLOWED_ROLES', ROLE_NAME, 'a comma-separated list of role or group names'),
    stateTtlSeconds: r.int('OIDC_STATE_TTL_SECONDS', 600, 1, 3_600),
    loginCodeTtlSeconds: r.int('OIDC_LOGIN_CODE_TTL_SECONDS', 60, 1, 600),
    clockToleranceSeconds: r.int('OIDC_CLOCK_TOLERANCE_SECONDS', 30, 0, 300),
    httpTimeoutMs: r.int('OIDC_HTTP_TIMEOUT_MS', 10_000, 100, 120_000),
  };
  if (config.issuerUrl && (!config.clientId || !config.clientSecret)) {
    r.problems.push('OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are required when OIDC_ISSUER_URL is set');
  }
  if (config.issuerUrl && !config.redirectUrl) {
    r.problems.push('OIDC_REDIRECT_URL is required when OIDC_ISSUER_URL is set (the callback registered at the provider, <public origin>/v1/auth/sso/callback)');
  }
  if ((config.adminRoles.length || config.allowedRoles.length) && !config.rolesClaim) {
    r.problems.push('OIDC_ADMIN_ROLES and OIDC_ALLOWED_ROLES need OIDC_ROLES_CLAIM (the claim they are looked for in)');
  }
  return config;
}

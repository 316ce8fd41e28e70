import type { EnvReader } from './env-reader';

/**
 * Names and avatars from the organisation's main service (seed 004 R3, R9, R10, R11.1; @chat/identity
 * `profile-source/`): `POST <PROFILE_SOURCE_URL>/api/batch/profiles` with a service token. Unset,
 * accounts keep the names they were given here and the profile-update route answers 404
 * PROFILE_SOURCE_NOT_CONFIGURED.
 */
export interface ProfileSourceConfig {
  /** PROFILE_SOURCE_URL: the main service's base URL; null turns profile sync off. */
  url: string | null;
  /** PROFILE_SOURCE_TOKEN: the service token, sent as `Authorization: Bearer` and required of its profile-update calls. */
  token: string | null;
  /** PROFILE_CACHE_TTL_SECONDS: a subject fetched this recently is not fetched again (24 h by the seed's R11.1). */
  cacheTtlMs: number;
  /** PROFILE_SOURCE_TIMEOUT_MS: one batch call to the main service. */
  timeoutMs: number;
  /** PROFILE_SOURCE_BATCH_MAX: subjects per batch call, and per profile-update notice. */
  batchMax: number;
  /** PROFILE_REFRESH_INTERVAL_SECONDS: how often the refresher looks for stale profiles of active accounts; null: never. */
  refreshIntervalMs: number | null;
  /**
   * PROFILE_AVATAR_ORIGINS: where the web client may load avatar pictures from (its
   * Content-Security-Policy's img-src): origins, or `https:` for any https origin (the default while
   * the source is on: where the main service keeps pictures is its own business). None while off.
   */
  avatarOrigins: string[];
}

/** The shortest service token accepted: it is also what lets a caller push profile updates. */
export const PROFILE_SOURCE_TOKEN_MIN_CHARS = 16;

/** An origin as CSP names one (no path), or the scheme source `https:`. */
const AVATAR_ORIGIN = /^(https:|https?:\/\/[a-z0-9.-]+(:\d{1,5})?|https?:\/\/\[[0-9a-f:.]+\](:\d{1,5})?)$/i;

export function readProfileSource(r: EnvReader): ProfileSourceConfig {
  const url = r.url('PROFILE_SOURCE_URL', null);
  const token = r.string('PROFILE_SOURCE_TOKEN', null);
  const refreshSeconds = r.int('PROFILE_REFRESH_INTERVAL_SECONDS', 300, 0, 86_400);
  const config: ProfileSourceConfig = {
    url,
    token,
    cacheTtlMs: r.int('PROFILE_CACHE_TTL_SECONDS', 86_400, 1, 30 * 86_400) * 1000,
    timeoutMs: r.int('PROFILE_SOURCE_TIMEOUT_MS', 2_000, 100, 60_000),
    batchMax: r.int('PROFILE_SOURCE_BATCH_MAX', 100, 1, 1_000),
    refreshIntervalMs: refreshSeconds > 0 ? refreshSeconds * 1000 : null,
    avatarOrigins: r.list('PROFILE_AVATAR_ORIGINS', AVATAR_ORIGIN, 'a comma-separated list of http(s) origins (scheme://host[:port]) or https:'),
  };
  if (!url) config.avatarOrigins = [];
  else if (!config.avatarOrigins.length) config.avatarOrigins = ['https:'];
  if (url && !token) r.problems.push('PROFILE_SOURCE_TOKEN is required when PROFILE_SOURCE_URL is set (the main service expects a service token)');
  if (token && !url) r.problems.push('PROFILE_SOURCE_TOKEN is set without PROFILE_SOURCE_URL: set both, or neither');
  if (token && token.length < PROFILE_SOURCE_TOKEN_MIN_CHARS) r.problems.push(`PROFILE_SOURCE_TOKEN must be at least ${PROFILE_SOURCE_TOKEN_MIN_CHARS} characters`);
  // Profiles reach accounts through their SSO link (the main service is the identity provider): without SSO none is linked.
  if (url && !r.string('OIDC_ISSUER_URL', null)) r.problems.push('PROFILE_SOURCE_URL needs OIDC_ISSUER_URL: profiles are matched to accounts by their single sign-on subject');
  if (token && /\s/.test(token)) r.problems.push('PROFILE_SOURCE_TOKEN must not contain whitespace (it travels in an Authorization header)');
  return config;
}

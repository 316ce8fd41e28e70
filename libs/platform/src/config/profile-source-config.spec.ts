import { ConfigError, loadConfig } from './app-config';

const oidc = { OIDC_ISSUER_URL: 'https://id.example', OIDC_CLIENT_ID: 'chat', OIDC_CLIENT_SECRET: 'secret', OIDC_REDIRECT_URL: 'https://chat.example/v1/auth/sso/callback' };
const on = { ...oidc, PROFILE_SOURCE_URL: 'https://main.example/', PROFILE_SOURCE_TOKEN: 'a-service-token-0123' };

describe('profile source configuration', () => {
  it('is off by default, with the seed’s 24 h cache, a 2 s timeout, 100 ids a call and a refresh every 5 minutes', () => {
    expect(loadConfig({}).profileSource).toEqual({ url: null, token: null, cacheTtlMs: 86_400_000, timeoutMs: 2000, batchMax: 100, refreshIntervalMs: 300_000, avatarOrigins: [] });
  });

  it('takes the URL (without a trailing slash), the token and every limit', () => {
    const config = loadConfig({ ...on, PROFILE_CACHE_TTL_SECONDS: '60', PROFILE_SOURCE_TIMEOUT_MS: '500', PROFILE_SOURCE_BATCH_MAX: '25', PROFILE_REFRESH_INTERVAL_SECONDS: '0' });
    expect(config.profileSource).toEqual({ url: 'https://main.example', token: 'a-service-token-0123', cacheTtlMs: 60_000, timeoutMs: 500, batchMax: 25, refreshIntervalMs: null, avatarOrigins: ['https:'] });
  });

  it('lets the web client load avatars from any https origin by default, or from PROFILE_AVATAR_ORIGINS; from none while off', () => {
    expect(loadConfig({ ...on, PROFILE_AVATAR_ORIGINS: 'https://cdn.example, http://127.0.0.1:8080,http://[::1]:9' }).profileSource.avatarOrigins).toEqual(['https://cdn.example', 'http://127.0.0.1:8080', 'http://[::1]:9']);
    expect(loadConfig({ ...oidc, PROFILE_AVATAR_ORIGINS: 'https://cdn.example' }).profileSource.avatarOrigins).toEqual([]);
    for (const bad of ['https://cdn.example/pictures', "https://cdn.example 'unsafe-inline'", '*', 'data:', 'ftp://cdn.example', 'http:']) {
      expect(() => loadConfig({ ...on, PROFILE_AVATAR_ORIGINS: bad })).toThrow('PROFILE_AVATAR_ORIGINS must be a comma-separated list of http(s) origins');
    }
  });

  it('refuses to start with a URL but no token, a token but no URL, a short or spaced token, or no single sign-on to match accounts by', () => {
    expect(() => loadConfig({ ...oidc, PROFILE_SOURCE_URL: 'https://main.example' })).toThrow(/PROFILE_SOURCE_TOKEN is required when PROFILE_SOURCE_URL is set/);
    expect(() => loadConfig({ ...oidc, PROFILE_SOURCE_TOKEN: 'a-service-token-0123' })).toThrow(/PROFILE_SOURCE_TOKEN is set without PROFILE_SOURCE_URL/);
    expect(() => loadConfig({ ...on, PROFILE_SOURCE_TOKEN: 'x'.repeat(15) })).toThrow(/PROFILE_SOURCE_TOKEN must be at least 16 characters/);
    expect(loadConfig({ ...on, PROFILE_SOURCE_TOKEN: 'x'.repeat(16) }).profileSource.token).toBe('x'.repeat(16));
    expect(() => loadConfig({ ...on, PROFILE_SOURCE_TOKEN: 'a service token 0123' })).toThrow(/PROFILE_SOURCE_TOKEN must not contain whitespace/);
    expect(() => loadConfig({ PROFILE_SOURCE_URL: on.PROFILE_SOURCE_URL, PROFILE_SOURCE_TOKEN: on.PROFILE_SOURCE_TOKEN })).toThrow(/PROFILE_SOURCE_URL needs OIDC_ISSUER_URL/);
    expect(() => loadConfig({ ...on, PROFILE_SOURCE_URL: 'ftp://main.example' })).toThrow(/PROFILE_SOURCE_URL must be a http: or https: URL/);
  });

  it('enforces the bounds of every limit, naming the variable', () => {
    const bounds: [string, string, string][] = [
      ['PROFILE_CACHE_TTL_SECONDS', '0', '1..2592000'],
      ['PROFILE_CACHE_TTL_SECONDS', '2592001', '1..2592000'],
      ['PROFILE_SOURCE_TIMEOUT_MS', '99', '100..60000'],
      ['PROFILE_SOURCE_TIMEOUT_MS', '60001', '100..60000'],
      ['PROFILE_SOURCE_BATCH_MAX', '0', '1..1000'],
      ['PROFILE_SOURCE_BATCH_MAX', '1001', '1..1000'],
      ['PROFILE_REFRESH_INTERVAL_SECONDS', '-1', '0..86400'],
      ['PROFILE_REFRESH_INTERVAL_SECONDS', '86401', '0..86400'],
      ['PROFILE_SOURCE_BATCH_MAX', 'ten', '1..1000'],
    ];
    for (const [name, value, range] of bounds) {
      expect(() => loadConfig({ ...on, [name]: value })).toThrow(ConfigError);
      expect(() => loadConfig({ ...on, [name]: value })).toThrow(`${name} must be an integer in ${range} (got "${value}")`);
    }
    const edges = loadConfig({ ...on, PROFILE_CACHE_TTL_SECONDS: '1', PROFILE_SOURCE_TIMEOUT_MS: '60000', PROFILE_SOURCE_BATCH_MAX: '1000', PROFILE_REFRESH_INTERVAL_SECONDS: '86400' }).profileSource;
    expect(edges).toMatchObject({ cacheTtlMs: 1000, timeoutMs: 60_000, batchMax: 1000, refreshIntervalMs: 86_400_000 });
  });
});

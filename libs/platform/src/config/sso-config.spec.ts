import { loadConfig } from './app-config';

const provider = { OIDC_ISSUER_URL: 'https://id.example', OIDC_CLIENT_ID: 'chat', OIDC_CLIENT_SECRET: 'secret' };
const CALLBACK = 'https://chat.example/v1/auth/sso/callback';

describe('single sign-on configuration', () => {
  it('refuses to start with an issuer but no OIDC_REDIRECT_URL, rather than build the callback from a request', () => {
    expect(() => loadConfig(provider)).toThrow(/OIDC_REDIRECT_URL is required when OIDC_ISSUER_URL is set/);
  });

  it('takes the callback as given with an issuer, and needs none without one', () => {
    expect(loadConfig({ ...provider, OIDC_REDIRECT_URL: CALLBACK }).sso).toMatchObject({ issuerUrl: 'https://id.example', redirectUrl: CALLBACK });
    expect(loadConfig({}).sso).toMatchObject({ issuerUrl: null, redirectUrl: null });
  });
});

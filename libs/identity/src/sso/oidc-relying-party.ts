import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { APP_CONFIG, type AppConfig, type SsoConfig } from '@chat/platform';

/** What discovery tells us about the provider (OpenID Connect Discovery 1.0, the fields we use). */
interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  id_token_signing_alg_values_supported?: string[];
  token_endpoint_auth_methods_supported?: string[];
}

/** The parameters of one authorization request; the caller keeps them until the callback. */
export interface AuthorizationRequest {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
}

/** Discovery documents change rarely; re-read this often so a provider's move is picked up without a restart. */
const METADATA_MAX_AGE_MS = 10 * 60_000;
/** Asymmetric signatures only: an HMAC-signed ID token would be keyed by our own client secret. */
const ALLOWED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * This install as an OpenID Connect relying party (authorization code flow with PKCE): discovery,
 * the authorization URL, the code exchange at the token endpoint with the client secret, and the
 * ID token's verification (signature against the provider's JWKS, issuer, audience, expiry, nonce).
 */
@Injectable()
export class OidcRelyingParty {
  private metadata: { value: Promise<ProviderMetadata>; at: number } | null = null;
  private keys: { uri: string; set: ReturnType<typeof createRemoteJWKSet> } | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private get sso(): SsoConfig {
    return this.config.sso;
  }

  async authorizationUrl(request: AuthorizationRequest): Promise<string> {
    const provider = await this.discover();
    const url = new URL(provider.authorization_endpoint);
    const scopes = new Set(['openid', ...this.sso.scopes.split(/\s+/).filter(Boolean)]);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.sso.clientId,
      redirect_uri: request.redirectUri,
      scope: [...scopes].join(' '),
      state: request.state,
      nonce: request.nonce,
      code_challenge: createHash('sha256').update(request.codeVerifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    return url.toString();
  }

  /** Exchanges the authorization code and returns the verified ID token's claims. */
  async claimsForCode(code: string, request: Omit<AuthorizationRequest, 'state'>): Promise<JWTPayload & { sub: string }> {
    const provider = await this.discover();
    const idToken = await this.redeem(provider, code, request);
    return this.verifyIdToken(provider, idToken, request.nonce);
  }

  private async redeem(provider: ProviderMetadata, code: string, request: Omit<AuthorizationRequest, 'state'>): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: request.redirectUri, code_verifier: request.codeVerifier });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    const methods = provider.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
    if (methods.includes('client_secret_basic') || !methods.includes('client_secret_post')) {
      // RFC 6749 2.3.1: both halves form-encoded before base64.
      const basic = `${encodeURIComponent(this.sso.clientId)}:${encodeURIComponent(this.sso.clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
    } else {
      form.set('client_id', this.sso.clientId);
      form.set('client_secret', this.sso.clientSecret);
    }
    const response = await this.fetch(provider.token_endpoint, { method: 'POST', headers, body: form.toString() }, 'token endpoint');
    const body = (await response.json().catch(() => ({}))) as { id_token?: unknown; error?: unknown; error_description?: unknown };
    if (response.status >= 400 && response.status < 500) {
      throw new DomainError(ErrorCode.SSO_DENIED, `The identity provider refused the login code (${String(body.error ?? response.status)})`, 'Log in again');
    }
    if (!response.ok || typeof body.id_token !== 'string') {
      throw new DomainError(ErrorCode.SSO_PROVIDER_ERROR, `The identity provider's token endpoint answered ${response.status} without an ID token`, 'Retry shortly; if it persists, tell an operator');
    }
    return body.id_token;
  }

  private async verifyIdToken(provider: ProviderMetadata, idToken: string, nonce: string): Promise<JWTPayload & { sub: string }> {
    const offered = provider.id_token_signing_alg_values_supported ?? ['RS256'];
    const algorithms = ALLOWED_ALGORITHMS.filter((alg) => offered.includes(alg));
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, this.keySet(provider), {
        issuer: provider.issuer,
        audience: this.sso.clientId,
        algorithms,
        clockTolerance: this.sso.clockToleranceSeconds,
        requiredClaims: ['sub', 'iat', 'exp'],
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWKSTimeout || !(err instanceof joseErrors.JOSEError)) {
        throw new DomainError(ErrorCode.SSO_PROVIDER_ERROR, "The identity provider's signing keys could not be fetched", 'Retry shortly', { cause: err });
      }
      throw new DomainError(ErrorCode.SSO_ID_TOKEN_INVALID, `The ID token failed verification: ${err.message}`, 'Log in again', { cause: err });
    }
    if (payload.nonce !== nonce) throw new DomainError(ErrorCode.SSO_ID_TOKEN_INVALID, 'The ID token is not for this login (nonce)', 'Log in again');
    // OIDC Core 3.1.3.7: with several audiences, the token must have been issued to us.
    if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== this.sso.clientId) {
      throw new DomainError(ErrorCode.SSO_ID_TOKEN_INVALID, 'The ID token was issued to another client (azp)', 'Log in again');
    }
    return payload as JWTPayload & { sub: string };
  }

  private keySet(provider: ProviderMetadata) {
    if (this.keys?.uri !== provider.jwks_uri) {
      this.keys = { uri: provider.jwks_uri, set: createRemoteJWKSet(new URL(provider.jwks_uri), { timeoutDuration: this.sso.httpTimeoutMs }) };
    }
    return this.keys.set;
  }

  /** The provider's metadata, read from its discovery document and cached; a failed read is not cached. */
  private discover(): Promise<ProviderMetadata> {
    if (!this.metadata || Date.now() - this.metadata.at > METADATA_MAX_AGE_MS) {
      const value = this.readMetadata();
      this.metadata = { value, at: Date.now() };
      value.catch(() => (this.metadata = null));
    }
    return this.metadata.value;
  }

  private async readMetadata(): Promise<ProviderMetadata> {
    const issuer = this.sso.issuerUrl!;
    const response = await this.fetch(`${issuer}/.well-known/openid-configuration`, { headers: { accept: 'application/json' } }, 'discovery');
    const metadata = (await response.json().catch(() => null)) as Partial<ProviderMetadata> | null;
    const usable = response.ok && metadata && [metadata.authorization_endpoint, metadata.token_endpoint, metadata.jwks_uri].every((v) => typeof v === 'string');
    if (!usable) throw new DomainError(ErrorCode.SSO_PROVIDER_ERROR, `The identity provider's discovery document is unusable (HTTP ${response.status})`, 'An operator checks OIDC_ISSUER_URL');
    // Discovery 4.3: the issuer in the document must be the one we asked, or tokens could come from elsewhere.
    if (metadata.issuer?.replace(/\/+$/, '') !== issuer) {
      throw new DomainError(ErrorCode.SSO_PROVIDER_ERROR, `The identity provider calls itself "${metadata.issuer}", not OIDC_ISSUER_URL`, 'An operator sets OIDC_ISSUER_URL to the issuer exactly');
    }
    return metadata as ProviderMetadata;
  }

  private async fetch(url: string, init: RequestInit, what: string): Promise<Response> {
    try {
      return await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(this.sso.httpTimeoutMs) });
    } catch (err) {
      throw new DomainError(ErrorCode.SSO_PROVIDER_ERROR, `The identity provider's ${what} could not be reached`, 'Retry shortly; if it persists, tell an operator', { cause: err });
    }
  }
}

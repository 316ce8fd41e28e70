import type { DeviceBoundLoginRequest } from './device-proof';

/** `GET /v1/auth/sso` (public): whether this server offers single sign-on, and what its button says. */
export interface SsoInfo {
  enabled: boolean;
  /** The identity provider's name for "Log in with <displayName>" (null when SSO is off). */
  displayName: string | null;
  /** Where a browser goes to log in (add `tenant` and `returnTo` query parameters); null when SSO is off. */
  startPath: string | null;
}

/** `POST /v1/auth/sso/exchange`: the one-time code the SSO callback put in the web app's URL (`sso_code`), for the usual AuthResponse. */
export interface SsoExchangeRequest extends DeviceBoundLoginRequest {
  code: string;
}

/** The query parameters the SSO callback adds to the web app's URL it redirects to. */
export const SSO_CODE_PARAM = 'sso_code';
export const SSO_ERROR_PARAM = 'sso_error';

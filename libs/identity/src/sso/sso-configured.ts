import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import type { AppConfig } from '@chat/platform';

/** Refuses an SSO route on a server without SSO. */
export function assertSsoConfigured(config: AppConfig): void {
  if (!config.sso.issuerUrl) throw new DomainError(ErrorCode.SSO_NOT_CONFIGURED, 'Single sign-on is not set up on this server', 'Log in with a username and password; an operator sets OIDC_ISSUER_URL to offer SSO');
}

import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { AccessTokens } from './access-tokens';
import { LoginSessionsRepository } from './login-sessions.repository';
import type { Principal } from './principal';
import { hashToken } from './secrets';

/** Turns a bearer credential into a Principal, for HTTP requests and socket handshakes alike. */
@Injectable()
export class Authenticator {
  constructor(
    private readonly accessTokens: AccessTokens,
    private readonly sessions: LoginSessionsRepository,
  ) {}

  /** An access token: valid signature, not expired, and its login not revoked (logout works at once). */
  fromAccessToken(token: string): Promise<Principal> {
    return this.stillActive(this.accessTokens.verify(token));
  }

  /** A principal vouched for earlier (a token, a signed upload URL), as long as its login has not ended since. */
  async stillActive(principal: Principal): Promise<Principal> {
    if (!(await this.isActive(principal))) {
      throw new DomainError(ErrorCode.TOKEN_REVOKED, 'This login has ended', 'Log in again');
    }
    return principal;
  }

  /** Whether the principal's login has not ended (a socket's, checked again once it is in its rooms). */
  isActive(principal: Principal): Promise<boolean> {
    return this.sessions.isActive(principal);
  }

  /** A socket handshake credential: an access token (a JWT has dots) or a single-use ws ticket. */
  async fromHandshake(credential: unknown): Promise<Principal> {
    if (typeof credential !== 'string' || credential.length === 0 || credential.length > 4096) {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, 'Send auth: { token } with an access token or a ws ticket');
    }
    if (credential.includes('.')) return this.fromAccessToken(credential);
    const principal = await this.sessions.consumeTicket(hashToken(credential));
    if (!principal) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'This ws ticket is unknown, used or expired', 'Get a new one from POST /v1/auth/ws-ticket');
    return principal;
  }
}

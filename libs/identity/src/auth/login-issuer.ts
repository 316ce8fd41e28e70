import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ErrorCode, type AuthResponse } from '@chat/contracts';
import { DomainError, assertNotAccountBanned } from '@chat/domain';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import type { UserEntity } from '@chat/persistence';
import { AccessTokens } from './access-tokens';
import type { LoginClient } from './login-client';
import { LoginSessionsRepository } from './login-sessions.repository';
import type { Principal } from './principal';
import { hashToken, newOpaqueToken } from './secrets';
import { toUser } from './users.repository';

/** Issues the token pair of a login: a new session for register/login/guest, the same one on refresh. */
@Injectable()
export class LoginIssuer {
  constructor(
    private readonly sessions: LoginSessionsRepository,
    private readonly accessTokens: AccessTokens,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  startLogin(user: UserEntity, client: LoginClient): Promise<AuthResponse> {
    return this.sessions.transaction(async (em) => {
      const sessionId = await this.sessions.createSession(em, user.tenantId, user.id, client);
      return this.issuePair(em, user, { userId: user.id, tenantId: user.tenantId, sessionId });
    });
  }

  /** Every way in (register, login, guest, refresh) passes here, so a banned or deleted account gets no tokens. */
  async issuePair(em: EntityManager, user: UserEntity, principal: Principal): Promise<AuthResponse> {
    if (user.deletedAt) throw new DomainError(ErrorCode.INVALID_CREDENTIALS, 'This account has been deleted', 'Register a new account');
    assertNotAccountBanned(user, Date.now());
    const refreshToken = newOpaqueToken();
    const expiresAt = new Date(Date.now() + this.config.auth.refreshTokenTtlSeconds * 1000);
    await this.sessions.addRefreshToken(em, principal, hashToken(refreshToken), expiresAt);
    const access = this.accessTokens.issue(principal);
    return { user: toUser(user), accessToken: access.token, refreshToken, accessTokenExpiresAt: access.expiresAt.toISOString() };
  }
}

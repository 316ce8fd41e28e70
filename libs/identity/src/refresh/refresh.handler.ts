import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, type AuthResponse } from '@chat/contracts';
import { DomainError, decideRotation } from '@chat/domain';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { deviceProofRefusal } from '../auth/device-proof';
import { LoginIssuer } from '../auth/login-issuer';
import { LoginSessionsRepository, type PresentedRefresh } from '../auth/login-sessions.repository';
import type { Principal } from '../auth/principal';
import { hashToken } from '../auth/secrets';
import { SessionRevoker } from '../auth/session-revoker';
import { UsersRepository } from '../auth/users.repository';
import { RefreshCommand } from './refresh.command';

@CommandHandler(RefreshCommand)
export class RefreshHandler implements ICommandHandler<RefreshCommand> {
  private readonly logger = new Logger(RefreshHandler.name);

  constructor(
    private readonly sessions: LoginSessionsRepository,
    private readonly users: UsersRepository,
    private readonly logins: LoginIssuer,
    private readonly revoker: SessionRevoker,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ refreshToken, deviceProof }: RefreshCommand): Promise<AuthResponse> {
    const tokenHash = hashToken(refreshToken);
    const presented = await this.sessions.findRefresh(tokenHash);
    // Before the token is spent, or its reuse ends the login: whoever holds a device-bound token
    // without the device's key can neither use it nor make it unusable for its owner.
    if (presented?.deviceKey) this.assertDeviceProof(presented, tokenHash, deviceProof);
    if (decideRotation(presented, new Date()) === 'revoke-family') return this.revokeFamily(presented!);
    const { tenantId, userId, sessionId, tokenId } = presented!;
    const user = await this.users.findById(tenantId, userId);
    if (!user) throw new DomainError(ErrorCode.TOKEN_REVOKED, 'This account no longer exists', 'Register again');
    const pair = await this.sessions.transaction(async (em) => {
      if (!(await this.sessions.markUsed(em, tokenId))) return null;
      await this.sessions.markRenewed(em, sessionId);
      return this.logins.issuePair(em, user, { tenantId, userId, sessionId });
    });
    // A concurrent request spent this token first: that is reuse too.
    return pair ?? this.revokeFamily(presented!);
  }

  private assertDeviceProof({ sessionId, deviceKey }: PresentedRefresh, tokenHash: string, proof: string | undefined): void {
    const nowSeconds = Math.floor(Date.now() / 1000);
    const refusal = deviceProofRefusal(proof, deviceKey!, tokenHash, nowSeconds, this.config.auth.deviceProofMaxAgeSeconds);
    if (!refusal) return;
    this.logger.warn({ event: 'refresh.device-proof-refused', sessionId, refusal }, 'Refresh of a device-bound login refused: no valid device proof');
    throw new DomainError(ErrorCode.DEVICE_PROOF_INVALID, `This login is bound to a device key and the refresh carried no valid proof of it (${refusal})`);
  }

  private async revokeFamily(session: Principal): Promise<never> {
    await this.revoker.revoke(session, 'refresh-token-reuse');
    this.logger.warn({ event: 'refresh.reuse', sessionId: session.sessionId }, 'Refresh token reused: login revoked');
    throw new DomainError(ErrorCode.REFRESH_TOKEN_REUSED, 'This refresh token was already used; the login has been ended for safety', 'Log in again');
  }
}

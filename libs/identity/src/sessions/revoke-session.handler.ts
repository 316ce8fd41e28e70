import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { SessionRevoker } from '../auth/session-revoker';
import { UsersRepository } from '../auth/users.repository';
import { SecondFactor } from '../mfa/second-factor';
import { RevokeSessionCommand } from './revoke-session.command';

/**
 * Ends one of my logins from any of my devices. Ending another device's login is sensitive (seed
 * 003, req. 11.5): with two-step login on it needs a code; ending the current one is a logout.
 */
@CommandHandler(RevokeSessionCommand)
export class RevokeSessionHandler implements ICommandHandler<RevokeSessionCommand> {
  constructor(
    private readonly revoker: SessionRevoker,
    private readonly users: UsersRepository,
    private readonly secondFactor: SecondFactor,
  ) {}

  async execute({ principal, sessionId, mfaCode }: RevokeSessionCommand): Promise<void> {
    if (sessionId !== principal.sessionId) {
      const user = await this.users.findById(principal.tenantId, principal.userId);
      if (user) await this.secondFactor.assert(user, mfaCode);
    }
    if (!(await this.revoker.revoke({ ...principal, sessionId }, 'revoked-by-holder'))) {
      throw new DomainError(ErrorCode.SESSION_NOT_FOUND, 'No login of yours in force with that id', 'See GET /v1/me/sessions');
    }
  }
}

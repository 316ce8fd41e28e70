import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { SessionRevoker } from '../auth/session-revoker';
import { RevokeSessionCommand } from './revoke-session.command';

/** Ends one of my logins, from any of my devices (the current one too: that is a logout). */
@CommandHandler(RevokeSessionCommand)
export class RevokeSessionHandler implements ICommandHandler<RevokeSessionCommand> {
  constructor(private readonly revoker: SessionRevoker) {}

  async execute({ principal, sessionId }: RevokeSessionCommand): Promise<void> {
    if (!(await this.revoker.revoke({ ...principal, sessionId }, 'revoked-by-holder'))) {
      throw new DomainError(ErrorCode.SESSION_NOT_FOUND, 'No login of yours in force with that id', 'See GET /v1/me/sessions');
    }
  }
}

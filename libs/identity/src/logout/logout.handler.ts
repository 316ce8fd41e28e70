import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { LoginSessionsRepository } from '../auth/login-sessions.repository';
import { LogoutCommand } from './logout.command';

/** Ends the login: its access tokens fail the session check and its refresh tokens stop rotating. */
@CommandHandler(LogoutCommand)
export class LogoutHandler implements ICommandHandler<LogoutCommand> {
  constructor(private readonly sessions: LoginSessionsRepository) {}

  async execute({ principal }: LogoutCommand): Promise<void> {
    await this.sessions.revokeSession(principal.sessionId, 'logout');
  }
}

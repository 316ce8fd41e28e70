import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SessionRevoker } from '../auth/session-revoker';
import { LogoutCommand } from './logout.command';

/** Ends the login it is made with (see SessionRevoker): tokens fail, its sockets close. */
@CommandHandler(LogoutCommand)
export class LogoutHandler implements ICommandHandler<LogoutCommand> {
  constructor(private readonly revoker: SessionRevoker) {}

  async execute({ principal }: LogoutCommand): Promise<void> {
    await this.revoker.revoke(principal, 'logout');
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, type PreferencesResponse } from '@chat/contracts';
import { DomainError, ianaTimeZone } from '@chat/domain';
import { UsersRepository } from '../auth/users.repository';
import { UpdatePreferencesCommand } from './update-preferences.command';

/** Changes only the fields given (validated by UpdatePreferencesDto); a time zone is kept in Intl's spelling of its name. */
@CommandHandler(UpdatePreferencesCommand)
export class UpdatePreferencesHandler implements ICommandHandler<UpdatePreferencesCommand> {
  constructor(private readonly users: UsersRepository) {}

  async execute({ principal, changes }: UpdatePreferencesCommand): Promise<PreferencesResponse> {
    const timeZone = changes.timeZone ? ianaTimeZone(changes.timeZone) : changes.timeZone;
    const preferences = await this.users.updatePreferences(principal.tenantId, principal.userId, { locale: changes.locale, timeZone });
    if (!preferences) throw new DomainError(ErrorCode.TOKEN_REVOKED, 'This account no longer exists');
    return { preferences };
  }
}

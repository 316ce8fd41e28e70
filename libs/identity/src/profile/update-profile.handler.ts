import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, type ProfileResponse } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { APP_CONFIG, ValidationError, assertText, type AppConfig } from '@chat/platform';
import { toUser } from '../auth/users.repository';
import { ProfileWriter } from './profile-writer';
import { UpdateProfileCommand } from './update-profile.command';

/** Renames the account through ProfileWriter (the name and its event commit together; the same name again announces nothing). */
@CommandHandler(UpdateProfileCommand)
export class UpdateProfileHandler implements ICommandHandler<UpdateProfileCommand> {
  constructor(
    private readonly profiles: ProfileWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, changes }: UpdateProfileCommand): Promise<ProfileResponse> {
    const { tenantId, userId } = principal;
    const displayName = changes.displayName.trim();
    if (!displayName) throw new ValidationError([{ field: 'displayName', problem: 'must not be empty' }]);
    assertText('displayName', displayName, this.config.limits.displayNameMaxChars);
    const renamed = await this.profiles.apply(tenantId, userId, { displayName });
    if (!renamed) throw new DomainError(ErrorCode.TOKEN_REVOKED, 'This account no longer exists');
    return { user: toUser(renamed.user) };
  }
}

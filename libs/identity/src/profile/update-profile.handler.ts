import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ErrorCode, EventName, type ProfileResponse } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { OutboxWriter } from '@chat/persistence';
import { APP_CONFIG, ValidationError, assertText, type AppConfig } from '@chat/platform';
import { toUser, UsersRepository } from '../auth/users.repository';
import { UpdateProfileCommand } from './update-profile.command';

/**
 * Renames the account. A new name and its `chat.user.renamed.v1` event commit together, so every
 * conversation partner's client hears of it; the same name again changes and announces nothing.
 */
@CommandHandler(UpdateProfileCommand)
export class UpdateProfileHandler implements ICommandHandler<UpdateProfileCommand> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly outbox: OutboxWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, changes }: UpdateProfileCommand): Promise<ProfileResponse> {
    const { tenantId, userId } = principal;
    const displayName = changes.displayName.trim();
    if (!displayName) throw new ValidationError([{ field: 'displayName', problem: 'must not be empty' }]);
    assertText('displayName', displayName, this.config.limits.displayNameMaxChars);
    return this.dataSource.transaction(async (em) => {
      const renamed = await this.users.rename(em, tenantId, userId, displayName);
      if (!renamed) throw new DomainError(ErrorCode.TOKEN_REVOKED, 'This account no longer exists');
      if (renamed.changed) await this.outbox.append(em, [{ name: EventName.UserRenamed, tenantId, aggregateType: 'user', aggregateId: userId, payload: { userId, displayName } }]);
      return { user: toUser(renamed.user) };
    });
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode } from '@chat/contracts';
import { ModerationRepository } from '@chat/conversations';
import { DomainError } from '@chat/domain';
import { LoginSessionsRepository, TenantAdmins, UsersRepository } from '@chat/identity';
import { LiftAccountBanCommand } from './lift-account-ban.command';

/** Lifts an account ban: the user may log in again (their old logins stay ended). Logged. */
@CommandHandler(LiftAccountBanCommand)
export class LiftAccountBanHandler implements ICommandHandler<LiftAccountBanCommand> {
  constructor(
    private readonly admins: TenantAdmins,
    private readonly users: UsersRepository,
    private readonly sessions: LoginSessionsRepository,
    private readonly moderation: ModerationRepository,
  ) {}

  async execute({ principal, userId }: LiftAccountBanCommand): Promise<void> {
    const { tenantId } = principal;
    await this.admins.assertAdmin(principal);
    await this.sessions.transaction(async (em) => {
      if (!(await this.users.liftBan(em, tenantId, userId))) throw new DomainError(ErrorCode.BAN_NOT_FOUND, 'This account is not banned', '');
      await this.moderation.record(em, { tenantId, conversationId: null, actorId: principal.userId, action: 'account.unbanned', targetUserId: userId });
    });
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { AgentRemoval } from '@chat/businesses';
import { ErrorCode, EventName } from '@chat/contracts';
import { AccountMemberships } from '@chat/conversations';
import { DomainError } from '@chat/domain';
import { LoginSessionsRepository, PasswordHasher, SecondFactor, UsersRepository } from '@chat/identity';
import { OutboxWriter } from '@chat/persistence';
import { AccountErasure } from './account-erasure';
import { DeleteAccountCommand } from './delete-account.command';

/**
 * The holder deletes their account (seed 003, req. 11.3). One transaction anonymizes the row, ends
 * every login, takes the account out of its groups, channels and businesses (ownership passes on),
 * deletes its settings, push subscriptions, pending notifications, reactions and uploads' records,
 * and tells its devices to close. Its messages are then erased in batches by AccountErasure, which
 * picks up again after a crash.
 */
@CommandHandler(DeleteAccountCommand)
export class DeleteAccountHandler implements ICommandHandler<DeleteAccountCommand> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly secondFactor: SecondFactor,
    private readonly sessions: LoginSessionsRepository,
    private readonly memberships: AccountMemberships,
    private readonly agents: AgentRemoval,
    private readonly outbox: OutboxWriter,
    private readonly erasure: AccountErasure,
  ) {}

  async execute({ principal, password, mfaCode }: DeleteAccountCommand): Promise<void> {
    const { tenantId, userId } = principal;
    const user = await this.users.findById(tenantId, userId);
    if (!user || user.deletedAt) throw new DomainError(ErrorCode.TOKEN_REVOKED, 'This account no longer exists');
    // A stolen access token alone must not be enough to destroy an account that has a password.
    if (user.passwordHash && !(password && (await this.hasher.verify(user.passwordHash, password)))) {
      throw new DomainError(ErrorCode.INVALID_CREDENTIALS, 'The password is wrong', 'Deleting an account needs its password');
    }
    await this.secondFactor.assert(user, mfaCode);
    await this.dataSource.transaction(async (em) => {
      if (!(await this.users.anonymize(em, tenantId, userId))) return;
      await this.sessions.revokeAllOf(em, tenantId, userId, 'deleted');
      await this.memberships.leaveAll(em, tenantId, userId);
      await this.agents.removeEverywhere(em, tenantId, userId);
      for (const table of ['notification_settings', 'push_subscriptions', 'notification_queue', 'message_reactions', 'media']) {
        const owner = table === 'media' ? 'uploader_id' : 'user_id';
        await em.query(`DELETE FROM ${table} WHERE tenant_id = $1 AND ${owner} = $2`, [tenantId, userId]);
      }
      await this.outbox.append(em, [{ name: EventName.AccountDeleted, tenantId, aggregateType: 'user', aggregateId: userId, payload: { userId } }]);
    });
    this.erasure.wake();
  }
}

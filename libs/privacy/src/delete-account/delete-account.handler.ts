import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { AccountBusinesses } from '@chat/businesses';
import { ErrorCode, EventName } from '@chat/contracts';
import { AccountMemberships } from '@chat/conversations';
import { DomainError } from '@chat/domain';
import { LoginSessionsRepository, PasswordConfirmation, SecondFactor, TenantAdmins, UserBlocksRepository, UsersRepository } from '@chat/identity';
import { MediaRepository } from '@chat/media';
import { OutboxWriter } from '@chat/persistence';
import { AccountErasure } from './account-erasure';
import { DeleteAccountCommand } from './delete-account.command';

/** Rows that belong to the account alone, by table and the column naming their owner: deleted with it. */
const OWNED_ROWS: Record<string, string> = {
  notification_settings: 'user_id',
  // push_subscriptions go with the account's logins (LoginSessionsRepository.revokeAllOf, in the same transaction).
  notification_queue: 'user_id',
  // message_reactions are taken back by AccountErasure, with the events that bring every count down.
  // E2EE: the account's device public keys, its sealed key backup, and conversation keys wrapped for its devices.
  e2ee_device_keys: 'user_id',
  e2ee_key_backups: 'user_id',
  conversation_key_envelopes: 'recipient_user_id',
  // SSO: the link names the person at the identity provider; without it their next login there starts a new account.
  sso_identities: 'user_id',
  sso_login_codes: 'user_id',
};

/**
 * The holder deletes their account (seed 003, req. 11.3). One transaction anonymizes the row, ends
 * every login, takes the account out of its groups, channels and businesses (ownership passes on,
 * or a business with no agent closes), deletes its settings, push subscriptions, pending
 * notifications, E2EE keys, SSO links and blocks (its own and others' of it), marks its uploads for purge, and tells its
 * devices to close. Its reactions and messages are then erased in batches by AccountErasure, and its uploads'
 * stored objects removed by MediaPurge (where the storage is); both pick up again after a crash.
 */
@CommandHandler(DeleteAccountCommand)
export class DeleteAccountHandler implements ICommandHandler<DeleteAccountCommand> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly blocks: UserBlocksRepository,
    private readonly password: PasswordConfirmation,
    private readonly secondFactor: SecondFactor,
    private readonly sessions: LoginSessionsRepository,
    private readonly memberships: AccountMemberships,
    private readonly businesses: AccountBusinesses,
    private readonly media: MediaRepository,
    private readonly outbox: OutboxWriter,
    private readonly erasure: AccountErasure,
    private readonly admins: TenantAdmins,
  ) {}

  async execute({ principal, password, mfaCode, address }: DeleteAccountCommand): Promise<void> {
    const { tenantId, userId } = principal;
    const user = await this.users.findById(tenantId, userId);
    if (!user || user.deletedAt) throw new DomainError(ErrorCode.TOKEN_REVOKED, 'This account no longer exists');
    // Deleting frees the username, and ADMIN_USERNAMES would make whoever registers it next an administrator.
    if (this.admins.isNamedAdmin(tenantId, user.usernameKey)) {
      throw new DomainError(ErrorCode.OPERATION_NOT_SUPPORTED, 'This account’s username is in ADMIN_USERNAMES: deleting it would free an administrator’s name for anyone', 'An operator takes the name out of ADMIN_USERNAMES first');
    }
    // A stolen access token alone must not be enough to destroy an account that has a password.
    await this.password.assert(user, password, address);
    await this.secondFactor.assert(user, mfaCode);
    await this.dataSource.transaction(async (em) => {
      if (!(await this.users.anonymize(em, tenantId, userId))) return;
      await this.sessions.revokeAllOf(em, tenantId, userId, 'deleted');
      await this.memberships.leaveAll(em, tenantId, userId);
      await this.businesses.leaveAll(em, tenantId, userId);
      for (const [table, owner] of Object.entries(OWNED_ROWS)) {
        await em.query(`DELETE FROM ${table} WHERE tenant_id = $1 AND ${owner} = $2`, [tenantId, userId]);
      }
      await this.blocks.deleteAllOf(em, tenantId, userId);
      // Marked, not deleted: the stored objects must go too, and only MediaPurge, beside the storage, can reach them.
      await this.media.markUploadsForPurge(em, tenantId, userId);
      await this.outbox.append(em, [{ name: EventName.AccountDeleted, tenantId, aggregateType: 'user', aggregateId: userId, payload: { userId } }]);
    });
    this.erasure.wake();
  }
}

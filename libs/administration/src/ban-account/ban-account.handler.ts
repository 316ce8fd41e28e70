import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, EventName, type AccountBan } from '@chat/contracts';
import { ModerationRepository, ReportsRepository } from '@chat/conversations';
import { DomainError } from '@chat/domain';
import { LoginSessionsRepository, TenantAdmins, UsersRepository } from '@chat/identity';
import { OutboxWriter } from '@chat/persistence';
import { APP_CONFIG, assertText, type AppConfig } from '@chat/platform';
import { BanAccountCommand } from './ban-account.command';

/**
 * Bans an account, in one transaction: the ban on the user row (every way in refuses it, see
 * LoginIssuer), every login revoked (its tokens fail at once), the moderation log entry, the
 * event whose fan-out tells the account's sockets and disconnects them, and, when asked, every
 * open report of the account's messages closed as actioned: the ban answers them all, and
 * leaving them open would keep moderators judging someone who is already gone.
 */
@CommandHandler(BanAccountCommand)
export class BanAccountHandler implements ICommandHandler<BanAccountCommand> {
  constructor(
    private readonly admins: TenantAdmins,
    private readonly users: UsersRepository,
    private readonly sessions: LoginSessionsRepository,
    private readonly moderation: ModerationRepository,
    private readonly reports: ReportsRepository,
    private readonly outbox: OutboxWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, userId, request }: BanAccountCommand): Promise<AccountBan> {
    const { tenantId } = principal;
    const reason = request.reason?.trim() || null;
    assertText('reason', reason, this.config.limits.banReasonMaxChars);
    await this.admins.assertAdmin(principal);
    // Administrators answer to the operator, not to each other (and nobody locks themselves out).
    if (await this.admins.isAdmin(tenantId, userId)) throw new DomainError(ErrorCode.FORBIDDEN, 'Administrators cannot be banned', 'Remove the name from ADMIN_USERNAMES first');
    return this.sessions.transaction(async (em) => {
      const banned = await this.users.ban(em, tenantId, userId, reason, request.durationSeconds ?? null);
      if (!banned) throw new DomainError(ErrorCode.USER_NOT_FOUND, 'No such user', 'Check the user id');
      await this.sessions.revokeAllOf(em, tenantId, userId, 'banned');
      const until = banned.bannedUntil?.toISOString() ?? null;
      await this.moderation.record(em, { tenantId, conversationId: null, actorId: principal.userId, action: 'account.banned', targetUserId: userId, reason, details: { until } });
      await this.outbox.append(em, [{ name: EventName.AccountBanned, tenantId, aggregateType: 'user', aggregateId: userId, payload: { userId, until } }]);
      const closed = request.closeReports ? await this.reports.resolveAllOfSender(em, tenantId, userId, 'actioned', principal.userId) : [];
      await this.moderation.recordResolved(em, tenantId, principal.userId, closed, 'account-ban');
      return { userId, reason, bannedAt: banned.bannedAt!.toISOString(), bannedUntil: until, reportsClosed: closed.length };
    });
  }
}

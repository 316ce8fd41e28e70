import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { BannedAccountsResponse } from '@chat/contracts';
import { TenantAdmins, UsersRepository } from '@chat/identity';
import { APP_CONFIG, ValidationError, pageLimit, type AppConfig } from '@chat/platform';
import { BannedAccountsQuery } from './banned-accounts.query';

/** The tenant's account bans in force, newest first, for its administrators; paged like a conversation's bans. */
@QueryHandler(BannedAccountsQuery)
export class BannedAccountsHandler implements IQueryHandler<BannedAccountsQuery> {
  constructor(
    private readonly admins: TenantAdmins,
    private readonly users: UsersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, page }: BannedAccountsQuery): Promise<BannedAccountsResponse> {
    const limit = pageLimit(page.limit, this.config.limits.moderationLogDefaultLimit, this.config.limits.moderationLogMaxLimit);
    await this.admins.assertAdmin(principal);
    const bans = await this.users.bannedAccounts(principal.tenantId, page.before ?? null, limit);
    if (!bans) throw new ValidationError([{ field: 'before', problem: 'is no longer banned (lifted or ended meanwhile): start again without it' }]);
    return bans;
  }
}

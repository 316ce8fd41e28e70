import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ModerationLogResponse } from '@chat/contracts';
import { ModerationRepository, logPage } from '@chat/conversations';
import { TenantAdmins } from '@chat/identity';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { TenantModerationLogQuery } from './tenant-moderation-log.query';

/** The whole tenant's moderation log (account bans and every conversation's actions), for administrators. */
@QueryHandler(TenantModerationLogQuery)
export class TenantModerationLogHandler implements IQueryHandler<TenantModerationLogQuery> {
  constructor(
    private readonly admins: TenantAdmins,
    private readonly moderation: ModerationRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, filter }: TenantModerationLogQuery): Promise<ModerationLogResponse> {
    const page = logPage(filter, this.config.limits);
    await this.admins.assertAdmin(principal);
    return this.moderation.search({ tenantId: principal.tenantId }, page.filter, page.limit, principal.userId);
  }
}

import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { TenantReportsResponse } from '@chat/contracts';
import { ReportsRepository } from '@chat/conversations';
import { TenantAdmins } from '@chat/identity';
import { APP_CONFIG, pageLimit, type AppConfig } from '@chat/platform';
import { TenantReportsQuery } from './tenant-reports.query';

/** The tenant's reports, newest first, for its administrators; paged like the moderation log. */
@QueryHandler(TenantReportsQuery)
export class TenantReportsHandler implements IQueryHandler<TenantReportsQuery> {
  constructor(
    private readonly admins: TenantAdmins,
    private readonly reports: ReportsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, filter }: TenantReportsQuery): Promise<TenantReportsResponse> {
    const limit = pageLimit(filter.limit, this.config.limits.moderationLogDefaultLimit, this.config.limits.moderationLogMaxLimit);
    await this.admins.assertAdmin(principal);
    return this.reports.tenantPage(principal.tenantId, filter, limit, principal.userId);
  }
}

import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AuditLogRepository } from '@chat/audit';
import type { AuditLogResponse, AuditSummaryResponse } from '@chat/contracts';
import { TenantAdmins } from '@chat/identity';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { AuditLogQuery, AuditSummaryQuery } from './audit-log.query';
import { auditLogPage, auditSummarySpan } from './audit-window';

/** One page of the tenant's audit log, for administrators. */
@QueryHandler(AuditLogQuery)
export class AuditLogHandler implements IQueryHandler<AuditLogQuery> {
  constructor(
    private readonly admins: TenantAdmins,
    private readonly auditLog: AuditLogRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, filter }: AuditLogQuery): Promise<AuditLogResponse> {
    const limit = auditLogPage(filter, this.config.audit);
    await this.admins.assertAdmin(principal);
    return this.auditLog.search(principal.tenantId, filter, limit);
  }
}

/** The tenant's audit entries counted per day, action and outcome, for administrators. */
@QueryHandler(AuditSummaryQuery)
export class AuditSummaryHandler implements IQueryHandler<AuditSummaryQuery> {
  constructor(
    private readonly admins: TenantAdmins,
    private readonly auditLog: AuditLogRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, range }: AuditSummaryQuery): Promise<AuditSummaryResponse> {
    const { since, until } = auditSummarySpan(range, this.config.audit, new Date());
    await this.admins.assertAdmin(principal);
    return { since: since.toISOString(), until: until.toISOString(), rows: await this.auditLog.summary(principal.tenantId, since, until) };
  }
}

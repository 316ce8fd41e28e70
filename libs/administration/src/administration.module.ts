import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '@chat/audit';
import { ConversationsModule } from '@chat/conversations';
import { IdentityModule } from '@chat/identity';
import { TenantQuotasModule, UsageMeteringModule } from '@chat/tenancy';
import { AdministrationController } from './administration.controller';
import { AuditLogHandler, AuditSummaryHandler } from './audit-log/audit-log.handler';
import { BanAccountHandler } from './ban-account/ban-account.handler';
import { BannedAccountsHandler } from './banned-accounts/banned-accounts.handler';
import { DeadLetterRetentionJob } from './dead-letters/dead-letter-retention.job';
import { DeadLettersController } from './dead-letters/dead-letters.controller';
import { ListDeadLettersHandler } from './dead-letters/list-dead-letters.handler';
import { ReplayDeadLettersHandler } from './dead-letters/replay-dead-letters.handler';
import { LiftAccountBanHandler } from './lift-account-ban/lift-account-ban.handler';
import { TenantModerationLogHandler } from './tenant-moderation-log/tenant-moderation-log.handler';
import { SetTenantQuotasHandler } from './tenant-quotas/set-tenant-quotas.handler';
import { TenantQuotasController } from './tenant-quotas/tenant-quotas.controller';
import { TenantUsageHandler } from './tenant-quotas/tenant-usage.handler';
import { CostReportHandler, TenantCostsHandler } from './tenant-costs/cost-report.handler';
import { CostReportRepository } from './tenant-costs/cost-report.repository';
import { CostDriftJob } from './tenant-costs/drift/cost-drift.job';
import { CostDriftMetrics } from './tenant-costs/drift/cost-drift.metrics';
import { TenantCostsController } from './tenant-costs/tenant-costs.controller';
import { ResolveTenantReportHandler } from './tenant-reports/resolve-tenant-report.handler';
import { TenantReportsController } from './tenant-reports/tenant-reports.controller';
import { TenantReportsHandler } from './tenant-reports/tenant-reports.handler';

/** `/v1/admin`: on the command side (bans) and the query side (the log), like every route. */
@Module({
  imports: [CqrsModule, IdentityModule, ConversationsModule, AuditModule, TenantQuotasModule, UsageMeteringModule],
  controllers: [AdministrationController, TenantQuotasController, TenantCostsController, DeadLettersController, TenantReportsController],
  providers: [BanAccountHandler, BannedAccountsHandler, LiftAccountBanHandler, TenantModerationLogHandler, AuditLogHandler, AuditSummaryHandler, SetTenantQuotasHandler, TenantUsageHandler, CostReportHandler, TenantCostsHandler, CostReportRepository, CostDriftJob, CostDriftMetrics, ListDeadLettersHandler, ReplayDeadLettersHandler, DeadLetterRetentionJob, TenantReportsHandler, ResolveTenantReportHandler],
})
export class AdministrationModule {}

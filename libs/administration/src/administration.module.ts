import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '@chat/audit';
import { ConversationsModule } from '@chat/conversations';
import { IdentityModule } from '@chat/identity';
import { AdministrationController } from './administration.controller';
import { AuditLogHandler, AuditSummaryHandler } from './audit-log/audit-log.handler';
import { BanAccountHandler } from './ban-account/ban-account.handler';
import { LiftAccountBanHandler } from './lift-account-ban/lift-account-ban.handler';
import { TenantModerationLogHandler } from './tenant-moderation-log/tenant-moderation-log.handler';
import { SetTenantQuotasHandler } from './tenant-quotas/set-tenant-quotas.handler';
import { TenantQuotasController } from './tenant-quotas/tenant-quotas.controller';
import { TenantUsageHandler } from './tenant-quotas/tenant-usage.handler';

/** `/v1/admin`: on the command side (bans) and the query side (the log), like every route. */
@Module({
  imports: [CqrsModule, IdentityModule, ConversationsModule, AuditModule],
  controllers: [AdministrationController, TenantQuotasController],
  providers: [BanAccountHandler, LiftAccountBanHandler, TenantModerationLogHandler, AuditLogHandler, AuditSummaryHandler, SetTenantQuotasHandler, TenantUsageHandler],
})
export class AdministrationModule {}

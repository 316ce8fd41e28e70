import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { MessageReport } from '@chat/contracts';
import { ConversationsRepository, ModerationRepository, ReportsRepository, closeReport } from '@chat/conversations';
import { TenantAdmins } from '@chat/identity';
import { ResolveTenantReportCommand } from './resolve-tenant-report.command';

/** A tenant administrator closes any open report of the tenant as actioned or dismissed; logged in the report's conversation like a moderator's. */
@CommandHandler(ResolveTenantReportCommand)
export class ResolveTenantReportHandler implements ICommandHandler<ResolveTenantReportCommand> {
  constructor(
    private readonly admins: TenantAdmins,
    private readonly conversations: ConversationsRepository,
    private readonly reports: ReportsRepository,
    private readonly moderation: ModerationRepository,
  ) {}

  async execute({ principal, reportId, request }: ResolveTenantReportCommand): Promise<MessageReport> {
    const { tenantId, userId } = principal;
    await this.admins.assertAdmin(principal);
    return this.conversations.transaction(async (em) => {
      const report = await closeReport(this.reports, em, { tenantId }, reportId, request.status, userId);
      await this.moderation.recordResolved(em, tenantId, userId, [report], 'tenant-admin');
      return report;
    });
  }
}

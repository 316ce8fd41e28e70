import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, type MessageReport } from '@chat/contracts';
import { ConversationsRepository, ModerationRepository, ReportsRepository } from '@chat/conversations';
import { DomainError } from '@chat/domain';
import { TenantAdmins } from '@chat/identity';
import { ResolveTenantReportCommand } from './resolve-tenant-report.command';

/** A tenant administrator closes any report of the tenant as actioned or dismissed; logged in the report's conversation like a moderator's. */
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
      const report = await this.reports.resolve(em, { tenantId }, reportId, request.status, userId);
      if (!report) throw new DomainError(ErrorCode.REPORT_NOT_FOUND, 'No such report in this organisation', 'List the reports to find its id');
      await this.moderation.recordResolved(em, tenantId, userId, report, 'tenant-admin');
      return report;
    });
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, type MessageReport } from '@chat/contracts';
import { DomainError, assertCanModerate } from '@chat/domain';
import { ModerationRepository } from '../moderation/moderation.repository';
import { ReportsRepository } from '../moderation/reports.repository';
import { ConversationAccess } from '../shared/conversation-access';
import { ConversationsRepository } from '../shared/conversations.repository';
import { ResolveReportCommand } from './resolve-report.command';

/** An owner or admin closes a report as actioned or dismissed; logged with the report's reporter and message. */
@CommandHandler(ResolveReportCommand)
export class ResolveReportHandler implements ICommandHandler<ResolveReportCommand> {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly access: ConversationAccess,
    private readonly reports: ReportsRepository,
    private readonly moderation: ModerationRepository,
  ) {}

  async execute({ principal, conversationId, reportId, request }: ResolveReportCommand): Promise<MessageReport> {
    const { tenantId, userId } = principal;
    const { role } = await this.access.requireMember(tenantId, conversationId, userId);
    assertCanModerate(role);
    return this.conversations.transaction(async (em) => {
      const report = await this.reports.resolve(em, { conversationId }, reportId, request.status, userId);
      if (!report) throw new DomainError(ErrorCode.REPORT_NOT_FOUND, 'No such report in this conversation', 'List the reports to find its id');
      await this.moderation.recordResolved(em, tenantId, userId, report);
      return report;
    });
  }
}

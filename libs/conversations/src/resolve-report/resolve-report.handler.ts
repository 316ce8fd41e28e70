import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { MessageReport } from '@chat/contracts';
import { assertCanModerate } from '@chat/domain';
import { closeReport } from '../moderation/close-report';
import { ModerationRepository } from '../moderation/moderation.repository';
import { ReportsRepository } from '../moderation/reports.repository';
import { ConversationAccess } from '../shared/conversation-access';
import { ConversationsRepository } from '../shared/conversations.repository';
import { ResolveReportCommand } from './resolve-report.command';

/**
 * An owner or admin closes an open report as actioned or dismissed; logged with the report's
 * reporter and message. The role is read with the conversation locked, so a moderator demoted or
 * removed meanwhile closes nothing.
 */
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
    return this.conversations.transaction(async (em) => {
      const { role } = await this.access.lockAsMember(em, tenantId, conversationId, userId);
      assertCanModerate(role);
      const report = await closeReport(this.reports, em, { conversationId }, reportId, request.status, userId);
      await this.moderation.recordResolved(em, tenantId, userId, [report]);
      return report;
    });
  }
}

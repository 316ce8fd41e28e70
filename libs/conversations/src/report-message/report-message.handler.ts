import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, EventName, type MessageReport } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { TenantAdmins } from '@chat/identity';
import { OutboxWriter } from '@chat/persistence';
import { APP_CONFIG, UserRateLimits, ValidationError, assertText, type AppConfig } from '@chat/platform';
import { ModerationRepository } from '../moderation/moderation.repository';
import { ReportsRepository } from '../moderation/reports.repository';
import { ConversationAccess } from '../shared/conversation-access';
import { ConversationsRepository } from '../shared/conversations.repository';
import { ReportMessageCommand } from './report-message.command';

/**
 * A member reports someone else's message to the conversation's owners and admins: the report,
 * its moderation log entry and the `message.reported` event (which tells the moderators' devices)
 * commit together. Reporting the same message again changes nothing and answers the first report.
 * Where no owner or admin is left once the reporter and the author are set aside (a direct
 * conversation, or a report of the only owner), the report is escalated: the tenant's
 * administrators are told instead, and handle it from their queue (@chat/administration).
 */
@CommandHandler(ReportMessageCommand)
export class ReportMessageHandler implements ICommandHandler<ReportMessageCommand> {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly access: ConversationAccess,
    private readonly reports: ReportsRepository,
    private readonly moderation: ModerationRepository,
    private readonly outbox: OutboxWriter,
    private readonly rateLimits: UserRateLimits,
    private readonly admins: TenantAdmins,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, conversationId, messageId, request }: ReportMessageCommand): Promise<{ report: MessageReport; created: boolean }> {
    const { tenantId, userId } = principal;
    const note = request.note?.trim() || null;
    assertText('note', note, this.config.limits.reportNoteMaxChars);
    await this.access.requireMember(tenantId, conversationId, userId);
    return this.conversations.transaction(async (em) => {
      const message = await this.reports.reportableMessage(em, conversationId, messageId);
      if (!message) throw new DomainError(ErrorCode.MESSAGE_NOT_FOUND, 'No such message in this conversation', 'It may have been deleted');
      if (message.senderId === userId) throw new ValidationError([{ field: 'messageId', problem: 'is your own message' }]);
      const earlier = await this.reports.findByReporter(em, messageId, userId);
      if (earlier) return { report: earlier, created: false };
      // Spent inside the transaction: a refusal rolls it back, so nothing is written.
      await this.rateLimits.spend('reportsPerMinute', userId);
      const involved = (id: string) => id === userId || id === message.senderId;
      const conversationModerators = (await this.reports.moderatorIds(em, conversationId)).filter((id) => !involved(id));
      const escalated = conversationModerators.length === 0;
      const moderatorIds = escalated ? (await this.admins.adminIdsOf(tenantId)).filter((id) => !involved(id)) : conversationModerators;
      const report = await this.reports.add(em, { tenantId, conversationId, message, reporterId: userId, reason: request.reason, note, escalated });
      // The same reporter's concurrent request committed first: it told the moderators already.
      if (!report) return { report: (await this.reports.findByReporter(em, messageId, userId))!, created: false };
      await this.moderation.record(em, { tenantId, conversationId, actorId: userId, action: 'message.reported', targetUserId: message.senderId, messageId, reason: note, details: { reportId: report.id, reason: report.reason } });
      await this.outbox.append(em, [{ name: EventName.MessageReported, tenantId, aggregateType: 'conversation', aggregateId: conversationId, payload: { report, moderatorIds } }]);
      return { report, created: true };
    });
  }
}

import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ReportsResponse } from '@chat/contracts';
import { assertCanModerate } from '@chat/domain';
import { APP_CONFIG, pageLimit, type AppConfig } from '@chat/platform';
import { ReportsRepository } from '../moderation/reports.repository';
import { ConversationAccess } from '../shared/conversation-access';
import { ListReportsQuery } from './list-reports.query';

/** The conversation's reports, newest first, for its owners and admins (but not those of their own messages); paged like the moderation log. */
@QueryHandler(ListReportsQuery)
export class ListReportsHandler implements IQueryHandler<ListReportsQuery> {
  constructor(
    private readonly access: ConversationAccess,
    private readonly reports: ReportsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, conversationId, filter }: ListReportsQuery): Promise<ReportsResponse> {
    const limit = pageLimit(filter.limit, this.config.limits.moderationLogDefaultLimit, this.config.limits.moderationLogMaxLimit);
    const { role } = await this.access.requireMember(principal.tenantId, conversationId, principal.userId);
    assertCanModerate(role);
    return this.reports.page(conversationId, principal.userId, filter, limit);
  }
}

import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ModerationLogResponse } from '@chat/contracts';
import { assertCanModerate } from '@chat/domain';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { ModerationRepository } from '../moderation/moderation.repository';
import { ConversationAccess } from '../shared/conversation-access';
import { logPage } from './log-page';
import { ModerationLogQuery } from './moderation-log.query';

/** The conversation's moderation history, newest first, filtered and searched; for owners and admins. */
@QueryHandler(ModerationLogQuery)
export class ModerationLogHandler implements IQueryHandler<ModerationLogQuery> {
  constructor(
    private readonly access: ConversationAccess,
    private readonly moderation: ModerationRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, conversationId, filter }: ModerationLogQuery): Promise<ModerationLogResponse> {
    const page = logPage(filter, this.config.limits);
    const { role } = await this.access.requireMember(principal.tenantId, conversationId, principal.userId);
    assertCanModerate(role);
    return this.moderation.search({ conversationId }, page.filter, page.limit, principal.userId);
  }
}

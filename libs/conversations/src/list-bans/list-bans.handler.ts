import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { BansResponse } from '@chat/contracts';
import { assertCanModerate } from '@chat/domain';
import { APP_CONFIG, ValidationError, pageLimit, type AppConfig } from '@chat/platform';
import { ModerationRepository } from '../moderation/moderation.repository';
import { ConversationAccess } from '../shared/conversation-access';
import { ListBansQuery } from './list-bans.query';

/** The conversation's bans in force, newest first, for its owners and admins; paged like the moderation log. */
@QueryHandler(ListBansQuery)
export class ListBansHandler implements IQueryHandler<ListBansQuery> {
  constructor(
    private readonly access: ConversationAccess,
    private readonly moderation: ModerationRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, conversationId, page }: ListBansQuery): Promise<BansResponse> {
    const limit = pageLimit(page.limit, this.config.limits.moderationLogDefaultLimit, this.config.limits.moderationLogMaxLimit);
    const { role } = await this.access.requireMember(principal.tenantId, conversationId, principal.userId);
    assertCanModerate(role);
    const bans = await this.moderation.bans(conversationId, page.before ?? null, limit);
    if (!bans) throw new ValidationError([{ field: 'before', problem: 'is no longer banned here (lifted meanwhile): start again without it' }]);
    return bans;
  }
}

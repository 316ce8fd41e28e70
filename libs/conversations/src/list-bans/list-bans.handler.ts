import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ConversationBan } from '@chat/contracts';
import { assertCanModerate } from '@chat/domain';
import { ModerationRepository } from '../moderation/moderation.repository';
import { ConversationAccess } from '../shared/conversation-access';
import { ListBansQuery } from './list-bans.query';

@QueryHandler(ListBansQuery)
export class ListBansHandler implements IQueryHandler<ListBansQuery> {
  constructor(
    private readonly access: ConversationAccess,
    private readonly moderation: ModerationRepository,
  ) {}

  async execute({ principal, conversationId }: ListBansQuery): Promise<ConversationBan[]> {
    const { role } = await this.access.requireMember(principal.tenantId, conversationId, principal.userId);
    assertCanModerate(role);
    return this.moderation.bans(conversationId);
  }
}

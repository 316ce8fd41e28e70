import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ConversationDetailsResponse } from '@chat/contracts';
import { ConversationAccess } from '../shared/conversation-access';
import { toConversation } from '../shared/conversation.mapper';
import { ConversationsRepository } from '../shared/conversations.repository';
import { PresenceReader } from '../shared/presence-reader';
import { GetConversationQuery } from './get-conversation.query';

@QueryHandler(GetConversationQuery)
export class GetConversationHandler implements IQueryHandler<GetConversationQuery> {
  constructor(
    private readonly access: ConversationAccess,
    private readonly conversations: ConversationsRepository,
    private readonly presence: PresenceReader,
  ) {}

  async execute({ principal, conversationId }: GetConversationQuery): Promise<ConversationDetailsResponse> {
    const { conversation } = await this.access.requireVisible(principal.tenantId, conversationId, principal.userId);
    const members = await this.conversations.members(principal.tenantId, conversationId);
    const presence = await this.presence.presenceOf(principal.tenantId, members.map((m) => m.userId));
    return {
      conversation: toConversation(conversation),
      members: members.map((m) => ({
        userId: m.userId,
        username: m.username,
        displayName: m.displayName,
        avatarUrl: m.avatarUrl,
        role: m.role,
        joinedAt: m.joinedAt.toISOString(),
        presence: presence.get(m.userId)?.status ?? 'offline',
        lastSeenAt: presence.get(m.userId)?.lastSeenAt ?? null,
      })),
    };
  }
}

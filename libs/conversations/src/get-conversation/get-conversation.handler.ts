import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ConversationDetailsResponse, ConversationPolicies } from '@chat/contracts';
import { blockablePeer, capabilitiesOf, mayContact } from '@chat/domain';
import { UserBlocksRepository } from '@chat/identity';
import type { ConversationEntity } from '@chat/persistence';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { ConversationAccess } from '../shared/conversation-access';
import { toConversation } from '../shared/conversation.mapper';
import { ConversationsRepository } from '../shared/conversations.repository';
import { PresenceReader } from '../shared/presence-reader';
import { GetConversationQuery } from './get-conversation.query';

/** A conversation as its members (and, for a public channel, anyone) see it, with what the caller may do there and its limits. */
@QueryHandler(GetConversationQuery)
export class GetConversationHandler implements IQueryHandler<GetConversationQuery> {
  constructor(
    private readonly access: ConversationAccess,
    private readonly conversations: ConversationsRepository,
    private readonly presence: PresenceReader,
    private readonly blocks: UserBlocksRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, conversationId }: GetConversationQuery): Promise<ConversationDetailsResponse> {
    const { tenantId, userId } = principal;
    const { conversation, role } = await this.access.requireVisible(tenantId, conversationId, userId);
    const members = await this.conversations.members(tenantId, conversationId);
    const peer = role ? blockablePeer(conversation, userId) : null;
    const [presence, blocks] = await Promise.all([this.presence.presenceOf(tenantId, members.map((m) => m.userId)), peer ? this.blocks.between(tenantId, userId, [peer]) : []]);
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
      capabilities: capabilitiesOf(role, conversation, this.config.limits, peer !== null && !mayContact(blocks, userId, peer)),
      policies: this.policiesOf(conversation),
    };
  }

  private policiesOf(conversation: ConversationEntity): ConversationPolicies {
    const { limits, retention } = this.config;
    return {
      maxMessageChars: limits.messageBodyMaxChars,
      maxAttachments: limits.attachmentsMax,
      maxMentions: limits.mentionsMax,
      maxPinned: limits.pinnedMessagesMax,
      maxMembers: conversation.type === 'group' ? limits.groupMaxMembers : null,
      retentionDays: retention.messageDays || null,
    };
  }
}

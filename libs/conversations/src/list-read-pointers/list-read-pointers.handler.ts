import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ReadPointersResponse } from '@chat/contracts';
import { tracksDelivery, visiblePointers } from '@chat/domain';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { ConversationAccess } from '../shared/conversation-access';
import { ConversationsRepository } from '../shared/conversations.repository';
import { ListReadPointersQuery } from './list-read-pointers.query';

/**
 * Every member's read and delivery pointers, for receipts: a message is read by those whose read
 * pointer reached its seq, delivered to those whose delivery pointer did. Members only.
 */
@QueryHandler(ListReadPointersQuery)
export class ListReadPointersHandler implements IQueryHandler<ListReadPointersQuery> {
  constructor(
    private readonly access: ConversationAccess,
    private readonly conversations: ConversationsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, conversationId }: ListReadPointersQuery): Promise<ReadPointersResponse> {
    const { conversation } = await this.access.requireMember(principal.tenantId, conversationId, principal.userId);
    const tracked = tracksDelivery(conversation.memberCount, this.config.delivery.maxMembers);
    return { reads: (await this.conversations.readPointers(principal.tenantId, conversationId)).map((p) => visiblePointers(p, tracked)) };
  }
}

import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ReadPointersResponse } from '@chat/contracts';
import { ConversationAccess } from '../shared/conversation-access';
import { ConversationsRepository } from '../shared/conversations.repository';
import { ListReadPointersQuery } from './list-read-pointers.query';

/** Every member's read pointer, for receipts: a message is read by those whose pointer reached its seq. Members only. */
@QueryHandler(ListReadPointersQuery)
export class ListReadPointersHandler implements IQueryHandler<ListReadPointersQuery> {
  constructor(
    private readonly access: ConversationAccess,
    private readonly conversations: ConversationsRepository,
  ) {}

  async execute({ principal, conversationId }: ListReadPointersQuery): Promise<ReadPointersResponse> {
    await this.access.requireMember(principal.tenantId, conversationId, principal.userId);
    return { reads: await this.conversations.readPointers(principal.tenantId, conversationId) };
  }
}

import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ReadPointersResponse } from '@chat/contracts';
import { ConversationAccess } from '../shared/conversation-access';
import { MemberPointers } from './member-pointers';
import { ListReadPointersQuery } from './list-read-pointers.query';

/**
 * Every member's read and delivery pointers, for receipts: a message is read by those whose read
 * pointer reached its seq, delivered to those whose delivery pointer did. Members only.
 */
@QueryHandler(ListReadPointersQuery)
export class ListReadPointersHandler implements IQueryHandler<ListReadPointersQuery> {
  constructor(
    private readonly access: ConversationAccess,
    private readonly pointers: MemberPointers,
  ) {}

  async execute({ principal, conversationId }: ListReadPointersQuery): Promise<ReadPointersResponse> {
    const { conversation } = await this.access.requireMember(principal.tenantId, conversationId, principal.userId);
    return { reads: (await this.pointers.of(conversation)).pointers };
  }
}

import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ConversationSummary } from '@chat/contracts';
import { ReadBarrier } from '../read-model/read-barrier';
import { ReadModelRepository } from '../read-model/read-model.repository';
import { ListConversationsQuery } from './list-conversations.query';

/** My conversations from the projected read model, after my own earlier writes have reached it. */
@QueryHandler(ListConversationsQuery)
export class ListConversationsHandler implements IQueryHandler<ListConversationsQuery> {
  constructor(
    private readonly barrier: ReadBarrier,
    private readonly readModel: ReadModelRepository,
  ) {}

  async execute({ principal }: ListConversationsQuery): Promise<ConversationSummary[]> {
    await this.barrier.awaitCommittedEvents();
    return this.readModel.conversationsOf(principal.tenantId, principal.userId);
  }
}

import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ConversationSummary } from '@chat/contracts';
import { MessageAttachments } from '@chat/media';
import { ReadBarrier } from '../read-model/read-barrier';
import { ReadModelRepository } from '../read-model/read-model.repository';
import { ListConversationsQuery } from './list-conversations.query';

/** My conversations from the projected read model, after my own earlier writes have reached it. */
@QueryHandler(ListConversationsQuery)
export class ListConversationsHandler implements IQueryHandler<ListConversationsQuery> {
  constructor(
    private readonly barrier: ReadBarrier,
    private readonly readModel: ReadModelRepository,
    private readonly attachments: MessageAttachments,
  ) {}

  async execute({ principal }: ListConversationsQuery): Promise<ConversationSummary[]> {
    await this.barrier.awaitCommittedEvents();
    const list = await this.readModel.conversationsOf(principal.tenantId, principal.userId);
    // The read model keeps the last message without links; it gets fresh ones here, like in history.
    return list.map((c) => (c.lastMessage?.attachments.length ? { ...c, lastMessage: this.attachments.withUrls(c.lastMessage) } : c));
  }
}

import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { ConversationListResponse } from '@chat/contracts';
import { MessageAttachments } from '@chat/media';
import { ReadBarrier } from '../read-model/read-barrier';
import { ReadModelRepository } from '../read-model/read-model.repository';
import { decodeListCursor, encodeListCursor } from './list-cursor';
import { ListConversationsQuery } from './list-conversations.query';

/** A page of my conversations from the projected read model, after my own earlier writes have reached it. */
@QueryHandler(ListConversationsQuery)
export class ListConversationsHandler implements IQueryHandler<ListConversationsQuery> {
  constructor(
    private readonly barrier: ReadBarrier,
    private readonly readModel: ReadModelRepository,
    private readonly attachments: MessageAttachments,
  ) {}

  async execute({ principal, limit, cursor, favouritesOnly }: ListConversationsQuery): Promise<ConversationListResponse> {
    const after = cursor === null ? null : decodeListCursor(cursor);
    await this.barrier.awaitCommittedEvents();
    // One more than the page: whether there is a next one.
    const rows = await this.readModel.conversationsOf(principal.tenantId, principal.userId, { after, limit: limit + 1, favouritesOnly });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      // The read model keeps the last message without links; it gets fresh ones here, like in history.
      conversations: page.map(({ position: _position, ...c }) => (c.lastMessage?.attachments.length ? { ...c, lastMessage: this.attachments.withUrls(c.lastMessage) } : c)),
      nextCursor: rows.length > limit && last ? encodeListCursor(last.position) : null,
    };
  }
}

import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { HistoryResponse } from '@chat/contracts';
import { ConversationAccess } from '@chat/conversations';
import { historyWindow } from '@chat/domain';
import { MessageAttachments } from '@chat/media';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { toMessage } from '../shared/message.mapper';
import { MessagesRepository } from '../shared/messages.repository';
import { GetHistoryQuery } from './get-history.query';

/** A page of history in ascending seq; each side reads one extra row to know whether more exist. */
@QueryHandler(GetHistoryQuery)
export class GetHistoryHandler implements IQueryHandler<GetHistoryQuery> {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly access: ConversationAccess,
    private readonly attachments: MessageAttachments,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, conversationId, request }: GetHistoryQuery): Promise<HistoryResponse> {
    const window = historyWindow(request, { defaultLimit: this.config.limits.historyDefaultLimit, maxLimit: this.config.limits.historyMaxLimit });
    await this.access.requireMember(principal.tenantId, conversationId, principal.userId);
    const [older, newer] = await Promise.all([
      window.older ? this.messages.older(conversationId, window.older.belowSeq, window.older.take + 1) : [],
      window.newer ? this.messages.newer(conversationId, window.newer.aboveSeq, window.newer.take + 1) : [],
    ]);
    const olderMore = window.older !== undefined && older.length > window.older.take;
    const newerMore = window.newer !== undefined && newer.length > window.newer.take;
    const page = [...(olderMore ? older.slice(1) : older), ...(newerMore ? newer.slice(0, -1) : newer)];
    const reactions = await this.messages.reactions(page.map((m) => m.id), principal.userId);
    return { messages: page.map((m) => this.attachments.withUrls(toMessage(m, reactions.get(m.id)))), hasMore: olderMore || newerMore };
  }
}

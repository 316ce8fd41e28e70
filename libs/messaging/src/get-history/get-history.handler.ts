import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { HistoryResponse } from '@chat/contracts';
import { ConversationAccess } from '@chat/conversations';
import { historyWindow, type HistoryWindow } from '@chat/domain';
import { MessageAttachments } from '@chat/media';
import { ReadReplicas } from '@chat/persistence';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { toMessage } from '../shared/message.mapper';
import { MessageQuotes } from '../shared/message-quotes';
import { MessagesRepository } from '../shared/messages.repository';
import { GetHistoryQuery } from './get-history.query';

/**
 * A page of history in ascending seq; each side reads one extra row to know whether more exist.
 * A page before a seq the client has (scrolling back) is read from a read replica when one has
 * replayed the conversation up to that seq, so it holds every message the primary would; the
 * newest page, and pages after or around a seq, read the primary (a replica may lag behind them).
 */
@QueryHandler(GetHistoryQuery)
export class GetHistoryHandler implements IQueryHandler<GetHistoryQuery> {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly quotes: MessageQuotes,
    private readonly access: ConversationAccess,
    private readonly attachments: MessageAttachments,
    private readonly replicas: ReadReplicas,
    private readonly primary: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, conversationId, request }: GetHistoryQuery): Promise<HistoryResponse> {
    const window = historyWindow(request, { defaultLimit: this.config.limits.historyDefaultLimit, maxLimit: this.config.limits.historyMaxLimit });
    await this.access.requireMember(principal.tenantId, conversationId, principal.userId);
    const { before } = request;
    if (before === undefined) return this.page(this.primary, conversationId, window, principal.userId);
    return this.replicas.read(
      (replica) => this.messages.holdsThrough(replica, conversationId, before - 1),
      (source) => this.page(source, conversationId, window, principal.userId),
    );
  }

  private async page(source: DataSource, conversationId: string, window: HistoryWindow, readerId: string): Promise<HistoryResponse> {
    const [older, newer] = await Promise.all([
      window.older ? this.messages.older(conversationId, window.older.belowSeq, window.older.take + 1, source) : [],
      window.newer ? this.messages.newer(conversationId, window.newer.aboveSeq, window.newer.take + 1, source) : [],
    ]);
    const olderMore = window.older !== undefined && older.length > window.older.take;
    const newerMore = window.newer !== undefined && newer.length > window.newer.take;
    const page = [...(olderMore ? older.slice(1) : older), ...(newerMore ? newer.slice(0, -1) : newer)];
    // A quoted message is older than its reply, so a replica holding the page holds it too.
    const [reactions, quoteOf] = await Promise.all([this.messages.reactions(page.map((m) => m.id), readerId, source.manager), this.quotes.of(page, source)]);
    return { messages: page.map((m) => this.attachments.withUrls(toMessage(m, reactions.get(m.id), quoteOf(m)))), hasMore: olderMore || newerMore };
  }
}

import { Inject, Logger } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ErrorCode, type SearchHit, type SearchResponse } from '@chat/contracts';
import { ConversationAccess, toConversation } from '@chat/conversations';
import { DomainError } from '@chat/domain';
import { MessageQuotes, MessagesRepository, toMessage } from '@chat/messaging';
import type { ConversationEntity } from '@chat/persistence';
import { APP_CONFIG, MESSAGE_SEARCH_INDEX, SearchTooCostlyError, UserRateLimits, type AppConfig, type MessageSearchHit, type MessageSearchIndex, type MessageSearchQuery } from '@chat/platform';
import { SearchMessagesQuery } from './search-messages.query';
import { searchRequest } from './search-request';
import { SearchScope } from './search-scope.repository';

/** The server holds only ciphertext of an E2EE conversation: saying "no hits" would mislead, so it refuses. */
function searchable(conversation: ConversationEntity): ConversationEntity {
  if (!conversation.e2ee) return conversation;
  throw new DomainError(ErrorCode.E2EE_SEARCH_UNAVAILABLE, 'This conversation is end-to-end encrypted: the server cannot search it', 'Search the decrypted messages on your device (the SDK E2ee class has search())');
}

/**
 * Searches the conversations the caller may read (computed now, so leaving or being removed
 * takes effect at once), then hydrates the hits from the messages table: a hit shows the
 * message as it is now, and one deleted or edited since it was indexed is left out. Each search spends one
 * of the caller's RATE_LIMIT_SEARCHES_PER_MINUTE first: a search is the costliest read there is.
 */
@QueryHandler(SearchMessagesQuery)
export class SearchMessagesHandler implements IQueryHandler<SearchMessagesQuery> {
  private readonly logger = new Logger(SearchMessagesHandler.name);

  constructor(
    @Inject(MESSAGE_SEARCH_INDEX) private readonly index: MessageSearchIndex,
    private readonly scope: SearchScope,
    private readonly access: ConversationAccess,
    private readonly messages: MessagesRepository,
    private readonly quotes: MessageQuotes,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rates: UserRateLimits,
  ) {}

  async execute({ principal, request }: SearchMessagesQuery): Promise<SearchResponse> {
    const { text, limit, conversationId } = searchRequest(request, this.config.search);
    const { tenantId, userId } = principal;
    await this.rates.spend('searchesPerMinute', userId);
    // One conversation: the same 404 as every other read when the caller may not see it.
    const conversationIds = conversationId
      ? [searchable((await this.access.requireVisible(tenantId, conversationId, userId)).conversation).id]
      : await this.scope.visibleConversationIds(tenantId, userId, this.config.search.maxConversations);
    const found = await this.find({ tenantId, text, conversationIds, limit });
    return { hits: await this.hydrate(tenantId, userId, new Set(conversationIds), found) };
  }

  private async find(query: MessageSearchQuery): Promise<MessageSearchHit[]> {
    try {
      return await this.index.search(query);
    } catch (cause) {
      if (cause instanceof SearchTooCostlyError) {
        this.logger.warn({ err: cause, conversations: query.conversationIds.length }, 'A search ran past its cost bound');
        throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'This search took too long and was stopped', 'Search for more or rarer words, or within one conversation (conversationId)', { cause });
      }
      this.logger.warn({ err: cause }, 'The search index did not answer');
      throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'Search is unavailable right now', 'Retry shortly', { cause });
    }
  }

  private async hydrate(tenantId: string, userId: string, scope: Set<string>, found: MessageSearchHit[]): Promise<SearchHit[]> {
    const inScope = found.filter((h) => scope.has(h.conversationId));
    const ids = inScope.map((h) => h.messageId);
    const [rows, reactions, conversations] = await Promise.all([
      this.messages.byIds(tenantId, ids),
      this.messages.reactions(ids, userId),
      this.scope.conversations(tenantId, [...new Set(inScope.map((h) => h.conversationId))]),
    ]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const quoteOf = await this.quotes.of(rows);
    return inScope.flatMap((hit) => {
      const row = byId.get(hit.messageId);
      const conversation = conversations.get(hit.conversationId);
      // A newer row than the indexed version may no longer hold the matched words (the highlight would
      // show text edited out): left out until the edit is indexed, within seconds.
      if (!row || row.deletedAt || row.version > hit.version || !conversation || row.conversationId !== hit.conversationId) return [];
      return [{ message: toMessage(row, reactions.get(row.id), quoteOf(row)), highlight: hit.highlight, score: hit.score, conversation: toConversation(conversation) }];
    });
  }
}

import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EventEnvelope } from '@chat/contracts';
import { EVENT_BUS, MESSAGE_SEARCH_INDEX, type EventBus, type MessageSearchIndex } from '@chat/platform';
import { searchChanges } from './search-changes';

/** One consumer group per deployment, whichever process runs it (all-in-one, or the search-indexer app). */
export const SEARCH_INDEXER_GROUP = 'search-indexer';

/**
 * Keeps the search index in step with message events: sent, edited and deleted messages are
 * written as documents (a batch in one write), deleted conversations are dropped. Idempotent
 * without an inbox: the index keeps the highest version of each message, so a redelivered or
 * late event changes nothing. A failed write fails the batch and the bus delivers it again.
 */
@Injectable()
export class SearchIndexProjection implements OnModuleInit {
  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(MESSAGE_SEARCH_INDEX) private readonly index: MessageSearchIndex,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe(SEARCH_INDEXER_GROUP, (events) => this.apply(events));
  }

  async apply(events: readonly EventEnvelope[]): Promise<void> {
    const { documents, droppedConversations } = searchChanges(events);
    if (documents.length) await this.index.put(documents);
    for (const [tenantId, conversationIds] of droppedConversations) await this.index.dropConversations(tenantId, conversationIds);
  }
}

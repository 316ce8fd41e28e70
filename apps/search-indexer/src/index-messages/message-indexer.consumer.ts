import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EventName, type EventEnvelope } from '@chat/contracts';
import { MessageIndex } from '@chat/infra-elasticsearch';
import { EVENT_BUS, eachEvent, type EventBus } from '@chat/platform';

export const SEARCH_INDEXER_GROUP = 'search-indexer';

/** Puts every sent message into the search index; a redelivery overwrites the same document. */
@Injectable()
export class MessageIndexerConsumer implements OnModuleInit {
  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly index: MessageIndex,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe(SEARCH_INDEXER_GROUP, eachEvent(SEARCH_INDEXER_GROUP, (event) => this.apply(event)));
  }

  private async apply(event: EventEnvelope): Promise<void> {
    if (event.name !== EventName.MessageSent) return;
    const { message } = (event as EventEnvelope<typeof EventName.MessageSent>).payload;
    await this.index.put(event.tenantId, message);
  }
}

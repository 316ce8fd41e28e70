import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from '@chat/audit';
import { ConversationsModule } from '@chat/conversations';
import { IdentityModule } from '@chat/identity';
import { MessagingModule } from '@chat/messaging';
import type { AppConfig } from '@chat/platform';
import { SearchBackfill } from './index-messages/search-backfill';
import { SearchIndexProjection } from './index-messages/search-index.projection';
import { SearchIndexModule } from './postgres/search-index.module';
import { SearchController } from './search-messages/search.controller';
import { SearchMessagesHandler } from './search-messages/search-messages.handler';
import { SearchScope } from './search-messages/search-scope.repository';

/** The read side of search: GET /v1/search (all-in-one and the query app). */
@Module({})
export class SearchModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: SearchModule,
      imports: [CqrsModule, IdentityModule, ConversationsModule, MessagingModule, AuditModule, SearchIndexModule.forRoot(config)],
      controllers: [SearchController],
      providers: [SearchMessagesHandler, SearchScope],
    };
  }
}

/** The writer of the search index: consumer group `search-indexer` and the backfill of a new index (all-in-one and the search-indexer app). */
@Module({})
export class SearchIndexerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: SearchIndexerModule,
      imports: [SearchIndexModule.forRoot(config)],
      providers: [SearchIndexProjection, SearchBackfill],
      exports: [SearchIndexProjection, SearchBackfill],
    };
  }
}

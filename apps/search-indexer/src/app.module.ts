import { Module, type DynamicModule } from '@nestjs/common';
import { ElasticsearchModule } from '@chat/infra-elasticsearch';
import { KafkaBusModule } from '@chat/infra-kafka';
import { RedisStateModule } from '@chat/infra-redis';
import { DatabaseModule } from '@chat/persistence';
import { PlatformModule, type AppConfig } from '@chat/platform';
import { SearchIndexerModule } from '@chat/search';

/**
 * The writer of the search index in a split deployment: the `search-indexer` consumer group turns
 * message events into documents of Elasticsearch when ELASTICSEARCH_URL is set, and of the
 * Postgres full-text table (`search_messages`) otherwise. The query app serves GET /v1/search from
 * the same index; all-in-one runs this projection in-process instead.
 */
@Module({})
export class SearchIndexerAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: SearchIndexerAppModule,
      imports: [
        PlatformModule.forRoot(config, 'search-indexer', [RedisStateModule.forRoot(config), KafkaBusModule.forRoot(config), ElasticsearchModule.forRoot(config)]),
        DatabaseModule,
        SearchIndexerModule.forRoot(config),
      ],
    };
  }
}

import { Module, type DynamicModule } from '@nestjs/common';
import { ElasticsearchModule } from '@chat/infra-elasticsearch';
import { KafkaBusModule } from '@chat/infra-kafka';
import { RedisStateModule } from '@chat/infra-redis';
import { DatabaseModule } from '@chat/persistence';
import { PlatformModule, type AppConfig } from '@chat/platform';
import { MessageIndexerConsumer } from './index-messages/message-indexer.consumer';

/**
 * Builds the Elasticsearch index from message events (consumer group `search-indexer`). Without
 * ELASTICSEARCH_URL search is Postgres full-text, which needs no indexer: the app then only boots,
 * connects and reports ready.
 */
@Module({})
export class SearchIndexerAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: SearchIndexerAppModule,
      imports: [
        PlatformModule.forRoot(config, 'search-indexer', [RedisStateModule.forRoot(config), KafkaBusModule.forRoot(config)]),
        DatabaseModule,
        ElasticsearchModule.forRoot(config),
      ],
      providers: config.elasticsearch ? [MessageIndexerConsumer] : [],
    };
  }
}

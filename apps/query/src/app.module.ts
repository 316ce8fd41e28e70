import { Module, type DynamicModule } from '@nestjs/common';
import { AdministrationModule } from '@chat/administration';
import { AuditRecorderModule } from '@chat/audit';
import { BusinessesModule } from '@chat/businesses';
import { ConversationReadModelModule, ConversationsModule } from '@chat/conversations';
import { FeaturesModule } from '@chat/features';
import { IdentityModule } from '@chat/identity';
import { ElasticsearchModule } from '@chat/infra-elasticsearch';
import { InternalDispatchModule } from '@chat/infra-http';
import { KafkaBusModule } from '@chat/infra-kafka';
import { RedisStateModule } from '@chat/infra-redis';
import { MessagingModule } from '@chat/messaging';
import { NotificationsModule } from '@chat/notifications';
import { DatabaseModule, OutboxModule } from '@chat/persistence';
import { PlatformModule, type AppConfig } from '@chat/platform';
import { PrivacyModule } from '@chat/privacy';
import { SearchModule } from '@chat/search';

/**
 * The read side: conversation lists, details, history and sync served from Postgres (and the read
 * model it projects), for REST and gateway sockets; message search from the search index
 * (Elasticsearch with ELASTICSEARCH_URL, Postgres full-text otherwise) that the search-indexer feeds;
 * the audit log's event-recorded entries (consumer group audit) and its retention; the account
 * export. Account deletion and its sweeper are the command side's (AccountDeletionModule).
 */
@Module({})
export class QueryAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: QueryAppModule,
      imports: [
        PlatformModule.forRoot(config, 'query', [RedisStateModule.forRoot(config), KafkaBusModule.forRoot(config), ElasticsearchModule.forRoot(config)]),
        DatabaseModule,
        OutboxModule.forRoot({ relay: false }),
        IdentityModule,
        FeaturesModule,
        ConversationsModule,
        MessagingModule,
        AdministrationModule,
        BusinessesModule,
        PrivacyModule,
        AuditRecorderModule,
        NotificationsModule,
        SearchModule.forRoot(config),
        // The read model's writer (consumer group read-models): projections run on the query side.
        ConversationReadModelModule,
        InternalDispatchModule,
      ],
    };
  }
}

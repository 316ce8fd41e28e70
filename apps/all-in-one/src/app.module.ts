import { Module, type DynamicModule } from '@nestjs/common';
import { AdministrationModule } from '@chat/administration';
import { AuditRecorderModule } from '@chat/audit';
import { BusinessesModule, BusinessRoutingModule } from '@chat/businesses';
import { ConversationReadModelModule, ConversationsModule } from '@chat/conversations';
import { FeaturesModule } from '@chat/features';
import { ExpiredLoginsSweepModule, IdentityModule, MfaSecretResealModule, ProfileRefreshModule } from '@chat/identity';
import { ElasticsearchModule } from '@chat/infra-elasticsearch';
import { KafkaBusModule } from '@chat/infra-kafka';
import { MediaModule } from '@chat/media';
import { RedisStateModule } from '@chat/infra-redis';
import { MessageRetentionModule, MessagingModule } from '@chat/messaging';
import { NotificationDeliveryModule, NotificationsModule } from '@chat/notifications';
import { DatabaseModule, OutboxModule } from '@chat/persistence';
import { PlatformModule, type AppConfig } from '@chat/platform';
import { AccountDeletionModule, PrivacyModule, TenantExportModule } from '@chat/privacy';
import { RealtimeModule } from '@chat/realtime';
import { SearchIndexerModule, SearchModule } from '@chat/search';

/**
 * Every module in one process: the default `npm start`. Embedded adapters unless KAFKA_BROKERS /
 * REDIS_URL / ELASTICSEARCH_URL are set, like every other app (adapters follow configuration only).
 */
@Module({})
export class AllInOneModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AllInOneModule,
      imports: [
        PlatformModule.forRoot(config, 'all-in-one', [RedisStateModule.forRoot(config), KafkaBusModule.forRoot(config), ElasticsearchModule.forRoot(config)]),
        DatabaseModule,
        OutboxModule.forRoot({ relay: true }),
        IdentityModule,
        MfaSecretResealModule,
        ExpiredLoginsSweepModule,
        ProfileRefreshModule,
        FeaturesModule,
        ConversationsModule,
        MessagingModule,
        MessageRetentionModule,
        MediaModule,
        RealtimeModule,
        ConversationReadModelModule,
        SearchModule.forRoot(config),
        // The search index's writer runs in-process here (Postgres full-text unless ELASTICSEARCH_URL is set).
        SearchIndexerModule.forRoot(config),
        AdministrationModule,
        BusinessesModule,
        BusinessRoutingModule,
        PrivacyModule,
        AccountDeletionModule,
        TenantExportModule,
        AuditRecorderModule,
        NotificationsModule,
        NotificationDeliveryModule,
      ],
    };
  }
}

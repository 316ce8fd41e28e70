import { Module, type DynamicModule } from '@nestjs/common';
import { AdministrationModule } from '@chat/administration';
import { BusinessesModule, BusinessRoutingModule } from '@chat/businesses';
import { ConversationsModule } from '@chat/conversations';
import { FeaturesModule } from '@chat/features';
import { ExpiredLoginsSweepModule, IdentityModule, MfaSecretResealModule, ProfileRefreshModule } from '@chat/identity';
import { InternalDispatchModule } from '@chat/infra-http';
import { KafkaBusModule } from '@chat/infra-kafka';
import { RedisStateModule } from '@chat/infra-redis';
import { MessageRetentionModule, MessagingModule } from '@chat/messaging';
import { NotificationsModule } from '@chat/notifications';
import { DatabaseModule, OutboxModule } from '@chat/persistence';
import { PlatformModule, type AppConfig } from '@chat/platform';
import { AccountDeletionModule, PrivacyModule, TenantExportModule } from '@chat/privacy';

/**
 * The write side: commands (public REST forwarded by gateways, and internal dispatch from their
 * sockets) into Postgres, and the outbox relay that publishes their events. Several replicas share
 * the relay's shards.
 */
@Module({})
export class CommandAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CommandAppModule,
      imports: [
        PlatformModule.forRoot(config, 'command', [RedisStateModule.forRoot(config), KafkaBusModule.forRoot(config)]),
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
        AdministrationModule,
        BusinessesModule,
        BusinessRoutingModule,
        PrivacyModule,
        AccountDeletionModule,
        TenantExportModule,
        NotificationsModule,
        InternalDispatchModule,
      ],
    };
  }
}

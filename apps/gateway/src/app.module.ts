import { Module, type DynamicModule } from '@nestjs/common';
import { ConversationsModule } from '@chat/conversations';
import { FeaturesModule } from '@chat/features';
import { IdentityModule } from '@chat/identity';
import { ServiceLinkModule } from '@chat/infra-http';
import { KafkaBusModule } from '@chat/infra-kafka';
import { RedisStateModule } from '@chat/infra-redis';
import { MessagingModule } from '@chat/messaging';
import { DatabaseModule, OutboxModule } from '@chat/persistence';
import { PlatformModule, type AppConfig } from '@chat/platform';
import { RealtimeModule } from '@chat/realtime';

/**
 * The edge: Socket.IO plus the whole public REST contract. Split (COMMAND_URL/QUERY_URL), REST is
 * forwarded (see main.ts) and socket commands and queries go to those apps through the dispatchers
 * ServiceLinkModule binds; the handshake and membership checks still read Postgres here. Frames
 * come from the event bus, and with REDIS_URL the sharded adapter carries them between gateways.
 */
@Module({})
export class GatewayAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: GatewayAppModule,
      imports: [
        PlatformModule.forRoot(config, 'gateway', [RedisStateModule.forRoot(config), KafkaBusModule.forRoot(config), ServiceLinkModule.forRoot(config)]),
        DatabaseModule,
        OutboxModule.forRoot({ relay: false }),
        IdentityModule,
        FeaturesModule,
        ConversationsModule,
        MessagingModule,
        RealtimeModule,
      ],
    };
  }
}

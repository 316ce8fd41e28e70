import { Module, type DynamicModule } from '@nestjs/common';
import { ConversationReadModelModule, ConversationsModule } from '@chat/conversations';
import { IdentityModule } from '@chat/identity';
import { InternalDispatchModule } from '@chat/infra-http';
import { KafkaBusModule } from '@chat/infra-kafka';
import { RedisStateModule } from '@chat/infra-redis';
import { MessagingModule } from '@chat/messaging';
import { DatabaseModule, OutboxModule } from '@chat/persistence';
import { PlatformModule, type AppConfig } from '@chat/platform';

/** The read side: conversation lists, details, history and sync served from Postgres (and the read model it projects), for REST and gateway sockets. */
@Module({})
export class QueryAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: QueryAppModule,
      imports: [
        PlatformModule.forRoot(config, 'query', [RedisStateModule.forRoot(config), KafkaBusModule.forRoot(config)]),
        DatabaseModule,
        OutboxModule.forRoot({ relay: false }),
        IdentityModule,
        ConversationsModule,
        MessagingModule,
        // The read model's writer (consumer group read-models): projections run on the query side.
        ConversationReadModelModule,
        InternalDispatchModule,
      ],
    };
  }
}

import { Module, type DynamicModule } from '@nestjs/common';
import { KafkaBusModule } from '@chat/infra-kafka';
import { RedisStateModule } from '@chat/infra-redis';
import { NotificationDeliveryModule } from '@chat/notifications';
import { DatabaseModule } from '@chat/persistence';
import { PlatformModule, type AppConfig } from '@chat/platform';

/**
 * Notifies offline recipients: its own consumer group queues a notification for each recipient of a
 * message who is offline (presence from Redis), and its dispatcher sends them by Web Push and email
 * when due. Replicas share the queue (claims skip rows another one holds).
 */
@Module({})
export class NotificationAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: NotificationAppModule,
      imports: [PlatformModule.forRoot(config, 'notification', [RedisStateModule.forRoot(config), KafkaBusModule.forRoot(config)]), DatabaseModule, NotificationDeliveryModule],
    };
  }
}

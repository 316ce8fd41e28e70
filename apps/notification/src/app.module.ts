import { Module, type DynamicModule } from '@nestjs/common';
import { KafkaBusModule } from '@chat/infra-kafka';
import { RedisStateModule } from '@chat/infra-redis';
import { DatabaseModule } from '@chat/persistence';
import { PlatformModule, type AppConfig } from '@chat/platform';
import { NotifyOfflineConsumer } from './notify-offline/notify-offline.consumer';

/** Notifies offline recipients (push, email) from message events. For now: consumes, connects and reports ready. */
@Module({})
export class NotificationAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: NotificationAppModule,
      imports: [PlatformModule.forRoot(config, 'notification', [RedisStateModule.forRoot(config), KafkaBusModule.forRoot(config)]), DatabaseModule],
      providers: [NotifyOfflineConsumer],
    };
  }
}

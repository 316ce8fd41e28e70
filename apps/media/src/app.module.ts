import { Module, type DynamicModule } from '@nestjs/common';
import { KafkaBusModule } from '@chat/infra-kafka';
import { RedisStateModule } from '@chat/infra-redis';
import { DatabaseModule } from '@chat/persistence';
import { PlatformModule, type AppConfig } from '@chat/platform';

/** Uploads, signed URLs, thumbnails and scans for attachments. For now: boots, connects to its engines and reports ready. */
@Module({})
export class MediaAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: MediaAppModule,
      imports: [PlatformModule.forRoot(config, 'media', [RedisStateModule.forRoot(config), KafkaBusModule.forRoot(config)]), DatabaseModule],
    };
  }
}

import { Module, type DynamicModule } from '@nestjs/common';
import { KafkaBusModule } from '@chat/infra-kafka';
import { RedisStateModule } from '@chat/infra-redis';
import { MediaModule } from '@chat/media';
import { DatabaseModule, OutboxModule } from '@chat/persistence';
import { PlatformModule, type AppConfig } from '@chat/platform';

/**
 * Uploads and signed downloads (`/v1/media`), which split gateways forward here (MEDIA_URL). It
 * keeps the files (MEDIA_DIR, a local directory: one replica, or a shared volume) and the media
 * rows; the other apps only read those rows and sign links, with the key they all derive alike.
 */
@Module({})
export class MediaAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: MediaAppModule,
      imports: [
        PlatformModule.forRoot(config, 'media', [RedisStateModule.forRoot(config), KafkaBusModule.forRoot(config)]),
        DatabaseModule,
        // The identity module that authenticates uploads also ends logins (their events go through the outbox); no relay here.
        OutboxModule.forRoot({ relay: false }),
        MediaModule,
      ],
    };
  }
}

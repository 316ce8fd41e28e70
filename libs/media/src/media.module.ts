import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { AuditModule } from '@chat/audit';
import { IdentityModule, resolveJwtSecret } from '@chat/identity';
import { APP_CONFIG, HealthRegistry, type AppConfig } from '@chat/platform';
import { TenantQuotasModule, UsageMeteringModule } from '@chat/tenancy';
import { DownloadMediaHandler } from './download-media/download-media.handler';
import { MediaLinksModule } from './media-links.module';
import { MediaController } from './media.controller';
import { ImagePreviewer } from './previews/image-previewer';
import { MediaQuarantine } from './quarantine/media-quarantine';
import { MediaQuarantineController } from './quarantine/media-quarantine.controller';
import { MediaQuarantineRepository } from './quarantine/media-quarantine.repository';
import { MediaPurge } from './purge-media/media-purge';
import { MediaMetrics } from './shared/media-metrics';
import { LocalDirectoryStorage } from './storage/local-directory.storage';
import { MEDIA_STORAGE, type MediaStorage } from './storage/media-storage.port';
import { loadS3MediaStorage } from './storage/s3-media-storage.loader';
import { UploadAdmission } from './upload-media/upload-admission';
import { UploadMediaHandler } from './upload-media/upload-media.handler';
import { CreateUploadUrlHandler } from './upload-urls/create-upload-url.handler';
import { UploadGrants } from './upload-urls/upload-grants';
import { UploadToUrlHandler } from './upload-urls/upload-to-url.handler';
import { MediaUrlSigner } from './links/media-url-signer';

/** The media routes (`/v1/media`) and the storage with its purge: in all-in-one, and in the media app when split. */
@Module({
  imports: [CqrsModule, IdentityModule, AuditModule, MediaLinksModule, TenantQuotasModule, UsageMeteringModule],
  controllers: [MediaController, MediaQuarantineController],
  providers: [
    UploadMediaHandler,
    UploadAdmission,
    CreateUploadUrlHandler,
    UploadToUrlHandler,
    {
      provide: UploadGrants,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new UploadGrants(UploadGrants.keyFrom(MediaUrlSigner.keyFrom(config.media.urlSecret, resolveJwtSecret(config)))),
    },
    DownloadMediaHandler,
    MediaMetrics,
    ImagePreviewer,
    MediaPurge,
    MediaQuarantine,
    MediaQuarantineRepository,
    {
      provide: MEDIA_STORAGE,
      inject: [APP_CONFIG, HealthRegistry],
      useFactory: async (config: AppConfig, health: HealthRegistry): Promise<MediaStorage> => {
        if (config.media.s3) {
          // A bucket that does not answer fails the start, as a missing volume would.
          const storage = await loadS3MediaStorage(config.media.s3);
          await storage.init().catch((err: unknown) => {
            storage.onModuleDestroy();
            throw err;
          });
          health.register({ name: 'media-storage', check: () => storage.check() });
          return storage;
        }
        const storage = new LocalDirectoryStorage(config.media.dir);
        await storage.init();
        health.register({ name: 'media-storage', check: () => access(storage.root, constants.W_OK) });
        return storage;
      },
    },
  ],
})
export class MediaModule {}

import { Module } from '@nestjs/common';
import { resolveJwtSecret } from '@chat/identity';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { MessageAttachments } from './attach-media/message-attachments';
import { MediaUrlSigner } from './links/media-url-signer';
import { MediaRepository } from './shared/media.repository';

/**
 * What other features need to carry media in messages: `MessageAttachments` (checks attachments
 * on send, signs links on every message a client gets). No routes, no storage.
 */
@Module({
  providers: [
    MediaRepository,
    MessageAttachments,
    {
      provide: MediaUrlSigner,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new MediaUrlSigner(MediaUrlSigner.keyFrom(config.media.urlSecret, resolveJwtSecret(config)), config.media.urlTtlSeconds, config.media.cdnUrl ?? ''),
    },
  ],
  exports: [MediaUrlSigner, MessageAttachments, MediaRepository],
})
export class MediaLinksModule {}

export * from './media.module';
export * from './media-links.module';
export * from './links/media-url-signer';
export * from './attach-media/message-attachments';
export * from './shared/media.repository';
export * from './storage/media-storage.port';
export * from './storage/local-directory.storage';
export * from './purge-media/media-purge';
export { attachableSql } from './shared/upload-expiry';

export * from './media.module';
export * from './media-links.module';
export * from './links/media-url-signer';
export * from './attach-media/message-attachments';
export * from './storage/media-storage.port';
export * from './storage/local-directory.storage';

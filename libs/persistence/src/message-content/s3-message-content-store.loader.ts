import type { MediaS3Config } from '@chat/platform';
import type { S3MessageContentStore, S3MessageContentStoreOptions } from './s3-message-content.store';

/**
 * S3MessageContentStore in the media bucket of `config`, its module (and the AWS SDK with it, a
 * few hundred modules) loaded on the first call rather than with @chat/persistence: processes
 * without S3, and most specs, never need it.
 */
export async function loadS3MessageContentStore(config: MediaS3Config, options: S3MessageContentStoreOptions = {}): Promise<S3MessageContentStore> {
  const [{ S3MessageContentStore }, { s3ClientFor }] = await Promise.all([import('./s3-message-content.store'), import('../object-storage/s3-client')]);
  return new S3MessageContentStore(s3ClientFor(config), config.bucket, config.keyPrefix, options);
}

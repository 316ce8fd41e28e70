import type { MediaS3Config } from '@chat/platform';
import type { S3MediaStorage, S3MediaStorageOptions } from './s3-media.storage';

/**
 * S3MediaStorage on `config`, its module (and the AWS SDK with it, a few hundred modules) loaded
 * on the first call rather than with @chat/media: most processes, and most specs, never need it.
 */
export async function loadS3MediaStorage(config: MediaS3Config, options: S3MediaStorageOptions = {}): Promise<S3MediaStorage> {
  const { S3MediaStorage } = await import('./s3-media.storage');
  return S3MediaStorage.fromConfig(config, options);
}

import { S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { MediaS3Config } from '@chat/platform';

/** Downloads stream for as long as the client reads, each on its own connection to the store. */
const MAX_SOCKETS = 256;

/**
 * The S3 client on MEDIA_S3_*, built one way for every store in that bucket (media, message
 * content). Requests carry no CRC32 checksum headers unless an operation requires them:
 * S3-compatible stores (S3Proxy, older MinIO and Ceph) refuse the SDK's default ones. DeleteObjects
 * is the one operation that requires a checksum: it gets Content-MD5 instead (md5ForDeleteObjects).
 *
 * Not exported from @chat/persistence's index: importing it loads the AWS SDK (a few hundred
 * modules), which only the lazily loaded S3 adapters may do. They import this file by its path.
 */
export function s3ClientFor(config: MediaS3Config): S3Client {
  const client = new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    ...(config.credentials ? { credentials: config.credentials } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // No socket idle timeout: a media download's connection waits while a slow client reads. Each
    // adapter bounds its requests with its own abort signal instead.
    requestHandler: {
      connectionTimeout: 5000,
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: MAX_SOCKETS }),
    },
  });
  md5ForDeleteObjects(client);
  return client;
}

/**
 * DeleteObjects requires a body checksum, and since SDK 3.729 it sends CRC32 headers even with
 * WHEN_REQUIRED; S3Proxy answers them NotImplemented, and older MinIO and Ceph want Content-MD5,
 * which AWS S3 accepts as well. So that operation's CRC32 headers are swapped for Content-MD5, the
 * SDK's own documented fallback (aws-sdk-js-v3 supplemental-docs/MD5_FALLBACK.md). In the build
 * step at low priority: after the SDK's checksum middleware has added its headers, before signing.
 */
function md5ForDeleteObjects(client: S3Client): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const request = args.request as { headers?: Record<string, string>; body?: unknown };
      if (context.commandName !== 'DeleteObjectsCommand' || !request.headers || typeof request.body !== 'string') return next(args);
      for (const name of Object.keys(request.headers)) {
        if (/^x-amz-(sdk-)?checksum-/i.test(name)) delete request.headers[name];
      }
      request.headers['content-md5'] = createHash('md5').update(request.body).digest('base64');
      return next(args);
    },
    { step: 'build', priority: 'low', name: 'md5ForDeleteObjects' },
  );
}

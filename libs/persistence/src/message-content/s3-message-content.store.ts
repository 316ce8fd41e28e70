import { DeleteObjectsCommand, GetObjectCommand, HeadBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { MessageContentMissingError, type MessageContentStore } from './message-content-store';

/** Where message content lives under MEDIA_S3_KEY_PREFIX, apart from the media objects of the same bucket. */
const MESSAGE_CONTENT_FOLDER = 'message-content/';
/** S3's most keys in one DeleteObjects request. */
const DELETE_BATCH = 1000;
/** Readers of history wait on `get`: a store that stops answering fails them after this, never hangs them. */
const REQUEST_TIMEOUT_MS = 10_000;
/**
 * `UTF-8` upper-case: Jetty (S3Proxy's server) rewrites a `charset=utf-8` it has cached to
 * upper case before the signature is checked, which then fails (jetty/jetty.project#9674).
 */
const CONTENT_TYPE = 'text/plain; charset=UTF-8';
/** The readiness check's own bound: /health/ready must answer quickly whatever the store does. */
const CHECK_TIMEOUT_MS = 3000;
/** `<tenant>/<messageId>.<version>`: word segments, no `.` or `..` segment, no leading slash. */
const KEY = /^[\w-]+(\/[\w.-]+)+$/;

export interface S3MessageContentStoreOptions {
  /** How long one request may take before it fails (10 s by default). */
  requestTimeoutMs?: number;
}

/**
 * Message content in the media bucket, one small UTF-8 object per message under
 * `<keyPrefix>message-content/<key>`. Every request is bounded by requestTimeoutMs.
 */
export class S3MessageContentStore implements MessageContentStore {
  private readonly requestTimeoutMs: number;

  constructor(
    readonly client: S3Client,
    readonly bucket: string,
    readonly keyPrefix = '',
    options: S3MessageContentStoreOptions = {},
  ) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  }

  async put(key: string, content: string): Promise<void> {
    const Body = Buffer.from(content, 'utf8');
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body, ContentLength: Body.length, ContentType: CONTENT_TYPE }),
      this.bounded(),
    );
  }

  async get(key: string): Promise<string> {
    // One signal for the request and the body: a store that stalls mid-body fails the read too.
    const { abortSignal } = this.bounded();
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }), { abortSignal });
      return await answer.Body!.transformToString('utf-8');
    } catch (err) {
      if (isNotFound(err)) throw new MessageContentMissingError(key);
      throw err;
    }
  }

  /** DeleteObjects in batches of S3's 1000; a key the store could not delete fails the call (S3 lists no error for a missing one). */
  async remove(keys: readonly string[]): Promise<void> {
    const objects = keys.map((key) => ({ Key: this.objectKey(key) }));
    for (let i = 0; i < objects.length; i += DELETE_BATCH) {
      const answer = await this.client.send(
        new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: objects.slice(i, i + DELETE_BATCH), Quiet: true } }),
        this.bounded(),
      );
      const first = answer.Errors?.[0];
      if (first) throw new Error(`could not delete ${answer.Errors!.length} message content object(s), the first "${first.Key}": ${first.Code} ${first.Message ?? ''}`.trim());
    }
  }

  /** The readiness check: the bucket exists and these credentials may use it (HeadBucket, 3 s at most). */
  async check(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }), { abortSignal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
  }

  /** Closes the client's connections (Nest calls it as the module stops). */
  onModuleDestroy(): void {
    this.client.destroy();
  }

  /** A request's options: aborted when it takes longer than requestTimeoutMs. */
  private bounded(): { abortSignal: AbortSignal } {
    return { abortSignal: AbortSignal.timeout(this.requestTimeoutMs) };
  }

  private objectKey(key: string): string {
    // Keys are built by the server, but one must never reach outside this store's folder whatever it is given.
    if (!KEY.test(key) || key.split('/').some((s) => s === '.' || s === '..')) throw new Error(`bad message content key "${key}"`);
    return `${this.keyPrefix}${MESSAGE_CONTENT_FOLDER}${key}`;
  }
}

/** No such object. A missing bucket (also a 404) is a configuration fault, not a missing object: it stays the SDK's error. */
function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || (e?.$metadata?.httpStatusCode === 404 && e?.name !== 'NoSuchBucket');
}

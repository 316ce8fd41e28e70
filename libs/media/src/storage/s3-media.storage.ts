import { Logger } from '@nestjs/common';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { PassThrough, pipeline, type Readable } from 'node:stream';
// By its path, not from the index: it loads the AWS SDK, which @chat/persistence's index must not (this module is itself loaded lazily).
import { s3ClientFor } from '@chat/persistence/src/object-storage/s3-client';
import type { MediaS3Config } from '@chat/platform';
import { checkedMediaKey, limitedTo, type ByteRange, type MediaStorage } from './media-storage.port';

const MIB = 1024 * 1024;
/** S3's smallest part but the last; also the size below which an object goes up in one PutObject. */
export const MIN_PART_BYTES = 5 * MIB;
const DEFAULT_PART_BYTES = 8 * MIB;
/** S3's most parts in one upload: the part size grows with the limit so that any allowed object fits. */
const MAX_PARTS = 10_000;
/** An unfinished multipart upload this old belongs to a process that died mid-upload: aborted at start. */
const STALE_UPLOAD_MS = 24 * 3600_000;
/** Longest wait for one request (a part of a few MiB included), or for a download's first answer, before it fails. */
const REQUEST_TIMEOUT_MS = 120_000;
/** The readiness check's own bound: /health/ready must answer quickly whatever the store does. */
const CHECK_TIMEOUT_MS = 3000;

export interface S3MediaStorageOptions {
  /** Part size of multipart uploads (at least S3's 5 MiB; 8 MiB by default). */
  partBytes?: number;
  /** How long one request may take (each part's, each HEAD's…; a download only until the store answers). */
  requestTimeoutMs?: number;
}

/**
 * Media in an S3 (or S3-compatible) bucket, under `<keyPrefix><key>`, shared by every media
 * replica. An object is sent in one PutObject when it fits in one part, otherwise as a multipart
 * upload of equal parts (the last shorter; R2 requires that), one part in flight while the next is
 * read, so an upload holds at most two parts in memory. Either way the object appears whole or not
 * at all: a source that fails or passes its limit before the first request sends nothing, and after
 * CreateMultipartUpload the upload is aborted (its parts deleted) before `put` rejects with the
 * source's own error. A process that dies mid-upload leaves an unfinished upload, which `sweep`
 * aborts at the next start (a bucket lifecycle rule `AbortIncompleteMultipartUpload` is the
 * belt to these braces). Requests carry no CRC32 checksum headers unless an operation requires
 * them: S3-compatible stores (S3Proxy, older MinIO and Ceph) refuse the SDK's default ones.
 */
export class S3MediaStorage implements MediaStorage {
  private readonly logger = new Logger(S3MediaStorage.name);
  private readonly partBytes: number;
  private readonly requestTimeoutMs: number;

  constructor(
    readonly client: S3Client,
    readonly bucket: string,
    readonly keyPrefix = '',
    options: S3MediaStorageOptions = {},
  ) {
    this.partBytes = Math.max(MIN_PART_BYTES, options.partBytes ?? DEFAULT_PART_BYTES);
    this.requestTimeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  }

  static fromConfig(config: MediaS3Config, options: S3MediaStorageOptions = {}): S3MediaStorage {
    // No socket idle timeout on this client: a download's connection waits while a slow client
    // reads. Every request but GetObject's body is bounded by its own signal instead (bounded()).
    return new S3MediaStorage(s3ClientFor(config), config.bucket, config.keyPrefix, options);
  }

  /**
   * Checks the bucket answers (the start fails otherwise), then aborts the multipart uploads dead
   * processes left; that sweep failing (a policy without ListBucketMultipartUploads) is only logged.
   */
  async init(): Promise<void> {
    await this.check();
    try {
      const aborted = await this.sweep();
      if (aborted) this.logger.warn({ bucket: this.bucket, aborted }, 'Aborted multipart uploads left unfinished by a stopped process');
    } catch (err) {
      this.logger.warn({ bucket: this.bucket, err }, 'Could not sweep unfinished multipart uploads (a lifecycle rule AbortIncompleteMultipartUpload can take that over)');
    }
  }

  /** The readiness check: the bucket exists and these credentials may use it (HeadBucket, 3 s at most). */
  async check(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }), { abortSignal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
  }

  async put(key: string, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, limitBytes: number): Promise<{ size: number }> {
    const Key = this.objectKey(key);
    const partBytes = Number.isFinite(limitBytes) ? Math.max(this.partBytes, Math.ceil(limitBytes / MAX_PARTS / MIB) * MIB) : this.partBytes;
    const parts = inParts(limitedTo(source, limitBytes), partBytes);
    try {
      const first = (await parts.next()).value ?? Buffer.alloc(0);
      const second = await parts.next();
      if (second.done) {
        await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key, Body: first, ContentLength: first.length }), this.bounded());
        return { size: first.length };
      }
      return await this.putInParts(Key, first, second.value, parts);
    } finally {
      // Whatever failed, the source is not read further: closed, as a for-await loop would close it.
      await parts.return(undefined);
    }
  }

  /** A multipart upload of `first`, `second` and the rest of `parts`, aborted if anything fails before it completes. */
  private async putInParts(Key: string, first: Buffer, second: Buffer, parts: AsyncGenerator<Buffer>): Promise<{ size: number }> {
    const { UploadId } = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key }), this.bounded());
    const done: CompletedPart[] = [];
    let size = 0;
    const upload = (number: number, body: Buffer) => {
      size += body.length;
      const sent = this.client.send(new UploadPartCommand({ Bucket: this.bucket, Key, UploadId, PartNumber: number, Body: body, ContentLength: body.length }), this.bounded());
      const settled = sent.then(({ ETag }) => void done.push({ PartNumber: number, ETag }));
      settled.catch(() => undefined); // awaited below; not unhandled while the next part is read
      return settled;
    };
    let uploading = upload(1, first);
    try {
      let part: Buffer | undefined = second;
      for (let number = 2; part; number++) {
        await uploading;
        uploading = upload(number, part);
        part = (await parts.next()).value ?? undefined; // read while the part before goes up
      }
      await uploading;
      done.sort((a, b) => a.PartNumber! - b.PartNumber!);
      await this.client.send(new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId, MultipartUpload: { Parts: done } }), this.bounded());
      return { size };
    } catch (err) {
      // A part still on its way could land after the abort on some stores: let it settle first.
      await uploading.catch(() => undefined);
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId }), this.bounded()).catch((abortErr: unknown) => {
        this.logger.error({ bucket: this.bucket, key: Key, uploadId: UploadId, err: abortErr }, 'Could not abort a failed multipart upload: its parts stay until the next start sweeps them');
      });
      throw err;
    }
  }

  async stat(key: string): Promise<{ size: number } | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }), this.bounded());
      return { size: head.ContentLength ?? 0 };
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  /** A stream at once, fed when GetObject answers; its failure, or a store that ignored the range, is the stream's error. */
  read(key: string, range?: ByteRange): Readable {
    const Key = this.objectKey(key);
    const out = new PassThrough();
    const request = new AbortController();
    let answered = false;
    // The reader gave up (a client that went away) before the store answered: cancel the request.
    out.once('close', () => answered || request.abort());
    const timer = setTimeout(() => request.abort(new Error(`the store did not answer within ${this.requestTimeoutMs} ms`)), this.requestTimeoutMs).unref();
    this.client
      .send(new GetObjectCommand({ Bucket: this.bucket, Key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }), { abortSignal: request.signal })
      .then(
        (answer) => {
          answered = true;
          clearTimeout(timer);
          const body = answer.Body as Readable;
          if (range && !answer.ContentRange?.startsWith(`bytes ${range.start}-${range.end}/`)) {
            body.destroy();
            out.destroy(new Error(`the store answered ${answer.ContentRange ?? 'the whole object'} for bytes ${range.start}-${range.end} of ${Key}`));
            return;
          }
          pipeline(body, out, () => undefined); // either side's error or close ends both
        },
        (err: unknown) => {
          clearTimeout(timer);
          out.destroy(err as Error);
        },
      );
    return out;
  }

  async remove(key: string): Promise<void> {
    // S3 answers 204 for a key that is not there.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }), this.bounded());
  }

  /** Infinity: a bucket has no free space to run out of. Per-tenant quotas (MEDIA_QUOTA_BYTES) still apply. */
  async freeBytes(): Promise<number> {
    return Infinity;
  }

  /** Aborts this prefix's multipart uploads started more than a day ago (their process died); answers how many. */
  async sweep(nowMs = Date.now()): Promise<number> {
    let aborted = 0;
    let markers: { KeyMarker?: string; UploadIdMarker?: string } = {};
    for (;;) {
      const page = await this.client.send(new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: this.keyPrefix || undefined, ...markers }), this.bounded());
      for (const upload of page.Uploads ?? []) {
        if (!upload.Key || !upload.UploadId || !upload.Initiated || nowMs - upload.Initiated.getTime() <= STALE_UPLOAD_MS) continue;
        await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: upload.Key, UploadId: upload.UploadId }), this.bounded());
        aborted++;
      }
      if (!page.IsTruncated) return aborted;
      markers = { KeyMarker: page.NextKeyMarker, UploadIdMarker: page.NextUploadIdMarker };
    }
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
    return this.keyPrefix + checkedMediaKey(key);
  }
}

/** The source cut into parts of exactly `partBytes` bytes, the last one shorter (copied: a source may reuse its buffers). */
async function* inParts(source: AsyncIterable<Uint8Array>, partBytes: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    let rest = chunk;
    while (size + rest.byteLength >= partBytes) {
      const take = partBytes - size;
      pending.push(Buffer.from(rest.subarray(0, take)));
      yield Buffer.concat(pending, partBytes);
      pending = [];
      size = 0;
      rest = rest.subarray(take);
    }
    if (rest.byteLength) {
      pending.push(Buffer.from(rest));
      size += rest.byteLength;
    }
  }
  if (size) yield Buffer.concat(pending, size);
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.$metadata?.httpStatusCode === 404 || e?.name === 'NotFound' || e?.name === 'NoSuchKey';
}

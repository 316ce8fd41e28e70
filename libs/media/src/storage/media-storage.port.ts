import type { Readable } from 'node:stream';

/** A byte range, both ends inclusive (as in HTTP `Range: bytes=start-end`). */
export interface ByteRange {
  start: number;
  end: number;
}

/** `put` was given more bytes than its limit; nothing was kept. */
export class ObjectTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`more than ${limitBytes} bytes`);
    this.name = 'ObjectTooLargeError';
  }
}

/** The source's chunks, failing with ObjectTooLargeError as soon as more than `limitBytes` came. */
export async function* limitedTo(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, limitBytes: number): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const chunk of source) {
    size += chunk.byteLength;
    if (size > limitBytes) throw new ObjectTooLargeError(limitBytes);
    yield chunk;
  }
}

const KEY = /^[\w-]+(\/[\w.-]+)+$/;

/** `key` if it is a media key (`<tenant>/<id>[.suffix]`, no `.` or `..` segment); throws otherwise. */
export function checkedMediaKey(key: string): string {
  // Keys are built by the server from uuids, but one must never reach outside the storage's root whatever it is given.
  if (!KEY.test(key) || key.split('/').some((s) => s === '.' || s === '..')) throw new Error(`bad media key "${key}"`);
  return key;
}

/**
 * Where media bytes live: a local directory (LocalDirectoryStorage, the embedded default) or an
 * S3-compatible bucket (S3MediaStorage, MEDIA_STORAGE=s3), both held to one contract suite
 * (libs/testing/src/contracts/media-storage.integration-spec.ts). Keys are `<tenant>/<id>[.suffix]`.
 */
export interface MediaStorage {
  /**
   * Streams `source` into a new object. Resolves only once the bytes are durable and in place
   * under `key`; if the source fails or passes `limitBytes` (ObjectTooLargeError), it rejects and
   * nothing of the object remains, neither under `key` nor elsewhere.
   */
  put(key: string, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, limitBytes: number): Promise<{ size: number }>;
  /** The object's size, or null when there is none. */
  stat(key: string): Promise<{ size: number } | null>;
  /** The object's bytes (or one range of them); the caller checked it exists. */
  read(key: string, range?: ByteRange): Readable;
  /** Forgets the object; a missing one is no error. */
  remove(key: string): Promise<void>;
  /** Bytes that may still be written before the backend is full (Infinity when it has no such bound). */
  freeBytes(): Promise<number>;
}

export const MEDIA_STORAGE = Symbol('MEDIA_STORAGE');

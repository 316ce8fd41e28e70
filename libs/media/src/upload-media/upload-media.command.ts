import { Command } from '@nestjs/cqrs';
import type { Media } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export interface UploadedFile {
  /** As the client named it (cleaned up by the handler). */
  name: unknown;
  /** The request's Content-Type header. */
  contentType: string | undefined;
  /** Content-Length when the client sent one: checked before a byte is read. */
  declaredBytes: number | null;
  /** Audio: the length the client declared (`?durationMs=`), validated as a positive integer; null when none. */
  declaredDurationMs: number | null;
}

/** What a pre-signed upload URL fixed in advance: the media id, and the most bytes the file may have. */
export interface ReservedUpload {
  id: string;
  maxBytes: number;
}

/** The stored file; `created` false when another attempt at the same reserved id stored it (this one's bytes were dropped). */
export interface StoredUpload {
  media: Media;
  created: boolean;
}

export class UploadMediaCommand extends Command<StoredUpload> {
  constructor(
    readonly principal: Principal,
    readonly file: UploadedFile,
    readonly source: AsyncIterable<Uint8Array>,
    readonly reserved?: ReservedUpload,
  ) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';
import type { StoredUpload } from '../upload-media/upload-media.command';

/** The PUT to a pre-signed upload URL: its token, the request's Content-Type and Content-Length, and the bytes. */
export class UploadToUrlCommand extends Command<StoredUpload> {
  constructor(
    readonly token: string,
    readonly contentType: string | undefined,
    readonly declaredBytes: number | null,
    readonly source: AsyncIterable<Uint8Array>,
  ) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';
import type { Readable } from 'node:stream';
import type { MediaVariant } from '../links/media-url-signer';

/** What the controller sends: status, headers, and the bytes (null when there are none to send). */
export interface MediaDownload {
  status: 200 | 206;
  headers: Record<string, string>;
  body: Readable;
  /** Whose file it is: its bytes are that tenant's egress. */
  tenantId: string;
}

/** A signed link being followed: no principal, the signature is the permission. */
export class DownloadMediaQuery extends Query<MediaDownload> {
  constructor(
    readonly mediaId: string,
    readonly variant: MediaVariant,
    readonly expires: unknown,
    readonly sig: unknown,
    readonly range: string | undefined,
  ) {
    super();
  }
}

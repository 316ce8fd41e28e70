import type { Media } from '@chat/contracts';
import type { MediaEntity } from '@chat/persistence';
import type { MediaUrlSigner } from '../links/media-url-signer';

/** An upload as its uploader sees it, with links signed now (the same rule as in messages). */
export function toMedia(row: MediaEntity, signer: MediaUrlSigner): Media {
  const { url, thumbnailUrl } = signer.attachment({ id: row.id, name: row.name, contentType: row.contentType, size: row.size });
  return { id: row.id, name: row.name, contentType: row.contentType, size: row.size, url: url!, ...(thumbnailUrl ? { thumbnailUrl } : {}), ...(row.durationMs !== null ? { durationMs: row.durationMs } : {}), createdAt: row.createdAt.toISOString() };
}

import { Inject, Logger } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PREVIEWABLE_IMAGE_TYPES } from '@chat/contracts';
import { APP_CONFIG, type AppConfig } from '@chat/platform';
import { MediaUrlSigner } from '../links/media-url-signer';
import { mediaNotFound, RangeNotSatisfiableError } from '../shared/media-errors';
import { MediaRepository } from '../shared/media.repository';
import { MEDIA_STORAGE, type MediaStorage } from '../storage/media-storage.port';
import { contentDisposition, parseByteRange } from './byte-range';
import { DownloadMediaQuery, type MediaDownload } from './download-media.query';

/**
 * Serves a file to whoever holds a good link (checked before anything is read). Images show
 * inline; everything else downloads as an attachment, and nothing is ever sniffed or run: user
 * files share the app's origin, so `nosniff` and a sandboxing CSP go on every answer.
 */
@QueryHandler(DownloadMediaQuery)
export class DownloadMediaHandler implements IQueryHandler<DownloadMediaQuery> {
  private readonly logger = new Logger(DownloadMediaHandler.name);

  constructor(
    private readonly media: MediaRepository,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
    private readonly signer: MediaUrlSigner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ mediaId, variant, expires, sig, range }: DownloadMediaQuery): Promise<MediaDownload> {
    this.signer.verify(mediaId, expires, sig);
    const row = await this.media.findById(mediaId);
    if (!row) throw mediaNotFound();
    // No preview was made (previews off): an image is its own preview; other files have none.
    const preview = variant === 'thumbnail' && row.thumbnailKey !== null;
    if (variant === 'thumbnail' && !preview && !PREVIEWABLE_IMAGE_TYPES.includes(row.contentType)) throw mediaNotFound();
    const key = preview ? row.thumbnailKey! : row.storageKey;
    const stored = await this.storage.stat(key);
    if (!stored) {
      this.logger.error({ mediaId, key }, 'Media row without its file');
      throw mediaNotFound();
    }
    const contentType = preview ? 'image/webp' : row.contentType;
    const inline = PREVIEWABLE_IMAGE_TYPES.includes(contentType);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', row.name),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; img-src 'self'; media-src 'self'; sandbox",
      'cache-control': this.cacheControl(Number(expires)),
      'accept-ranges': 'bytes',
    };
    const byteRange = parseByteRange(range, stored.size);
    if (byteRange === 'unsatisfiable') throw new RangeNotSatisfiableError(stored.size);
    if (!byteRange) return { status: 200, headers: { ...headers, 'content-length': String(stored.size) }, body: this.storage.read(key), tenantId: row.tenantId };
    const length = byteRange.end - byteRange.start + 1;
    return {
      status: 206,
      headers: { ...headers, 'content-length': String(length), 'content-range': `bytes ${byteRange.start}-${byteRange.end}/${stored.size}` },
      body: this.storage.read(key, byteRange),
      tenantId: row.tenantId,
    };
  }

  /**
   * Cached until the link expires. The link is a credential, so without a CDN no shared cache may
   * keep the bytes (private). A CDN (MEDIA_CDN_URL) caches by the whole URL, signature included, so
   * it hands a copy only to holders of that same link (public); a file's bytes never change under
   * its id (immutable). A revoked file's CDN copy lives on until its link expires (libs/media/README.md).
   */
  private cacheControl(expires: number): string {
    const maxAge = Math.max(0, expires - Math.floor(Date.now() / 1000));
    return this.config.media.cdnUrl ? `public, max-age=${maxAge}, immutable` : `private, max-age=${maxAge}`;
  }
}

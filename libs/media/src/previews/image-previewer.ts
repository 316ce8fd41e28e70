import type { Readable } from 'node:stream';
import sharp from 'sharp';

/** What sharp calls each format it reads, for the image types we take (AVIF is a HEIF container). */
const FORMAT_OF: Record<string, string> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp', 'image/avif': 'heif' };
/** Decompression bombs: a small file can claim a huge canvas; refuse past this many pixels. */
const MAX_INPUT_PIXELS = 100_000_000;

/** The upload is not an image of the type it claims (or not an image at all). */
export class NotAnImageError extends Error {
  constructor(contentType: string, options?: { cause?: unknown }) {
    super(`not a valid ${contentType} image`, options);
    this.name = 'NotAnImageError';
  }
}

/**
 * Checks that an uploaded image decodes as the type it claims and makes its preview: a WebP at
 * most `maxSide` pixels on its longer side, turned upright by its EXIF orientation and carrying
 * no metadata (so no location or camera data leaks into previews). Animated images preview
 * their first frame.
 */
export class ImagePreviewer {
  static handles(contentType: string): boolean {
    return contentType in FORMAT_OF;
  }

  /** The preview's bytes, or null when previews are off (`maxSide` 0) after the type check passed. */
  async preview(source: Readable, contentType: string, maxSide: number): Promise<Buffer | null> {
    const image = sharp({ limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', animated: false });
    source.once('error', (err) => image.destroy(err));
    source.pipe(image);
    let format: string | undefined;
    try {
      format = (await image.metadata()).format;
    } catch (err) {
      throw new NotAnImageError(contentType, { cause: err });
    }
    if (format !== FORMAT_OF[contentType]) throw new NotAnImageError(contentType);
    if (maxSide === 0) return null;
    try {
      return await image.rotate().resize(maxSide, maxSide, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
    } catch (err) {
      throw new NotAnImageError(contentType, { cause: err });
    }
  }
}

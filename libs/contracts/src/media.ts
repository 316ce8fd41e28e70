/**
 * `POST /v1/media` (bearer auth): the request body is the file's bytes, streamed as is (not
 * multipart), `Content-Type` is the file's MIME type and `?name=` its file name (URL-encoded).
 * Audio may add `?durationMs=` (a whole number of milliseconds, at most MEDIA_VOICE_MAX_SECONDS
 * × 1000: 400 VALIDATION_FAILED for anything else, 413 PAYLOAD_TOO_LARGE beyond the cap); it is
 * used only where the server cannot read the duration from the file itself, and only for display.
 * → 201 `{media}`. Errors: 413 PAYLOAD_TOO_LARGE above MEDIA_MAX_BYTES, 415
 * UNSUPPORTED_MEDIA_TYPE for a type off MEDIA_ALLOWED_TYPES (or an image that does not decode as
 * its type), 507 INSUFFICIENT_STORAGE when the tenant's quota or the disk's reserve is reached.
 *
 * `GET /v1/media/:id/content?expires=&sig=` and `…/thumbnail?expires=&sig=` (public; the
 * signature is the capability): the file (or a small WebP preview of an image), with
 * Content-Type, Content-Length, Content-Disposition (inline for images, attachment otherwise)
 * and single-range `Range` support. 403 MEDIA_LINK_EXPIRED / MEDIA_LINK_INVALID otherwise.
 */
export interface Media {
  id: string;
  name: string;
  contentType: string;
  /** Bytes. */
  size: number;
  /** A signed, short-lived link (MEDIA_URL_TTL_SECONDS), relative to the API's origin. */
  url: string;
  /** For images: a signed link to a preview at most MEDIA_THUMBNAIL_PX on its longer side. */
  thumbnailUrl?: string;
  /**
   * For audio whose length is known: milliseconds, read from the file for Ogg Opus and WebM (what
   * browsers record), otherwise as the uploader declared it (`?durationMs=`). Absent otherwise.
   */
  durationMs?: number;
  createdAt: string;
}

export interface MediaResponse {
  media: Media;
}

/** Media types that get a preview (`thumbnailUrl`); browsers show all of them inline. */
export const PREVIEWABLE_IMAGE_TYPES: readonly string[] = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/avif'];

/**
 * Pre-signed uploads (seed 003 R16.1). `POST /v1/media/upload-urls` {@link UploadUrlRequest}
 * (bearer auth) checks the file's terms as an upload would (415, 413, 400, 429 with the same codes)
 * and answers 201 {@link UploadUrlResponse}. Then `PUT` the bytes to `uploadUrl` with that
 * Content-Type and no Authorization: the URL is the permission, for MEDIA_UPLOAD_URL_TTL_SECONDS,
 * for one file of at most `size` bytes, as the user who asked, while that login lasts (401
 * TOKEN_REVOKED after a logout or a ban). → 201 `{media}`, or 200 with the same media when the
 * URL's file is already stored (a PUT retried after a lost answer stores nothing twice). 403
 * MEDIA_LINK_INVALID / MEDIA_LINK_EXPIRED for a URL that is not ours or too old, 415 for another
 * Content-Type, 413 beyond `size`; the quota, the disk, scanning and metadata stripping as for
 * `POST /v1/media`.
 */
export interface UploadUrlRequest {
  name: string;
  /** The type the PUT must send. */
  contentType: string;
  /** Bytes: the most the PUT may send. */
  size: number;
  /** Audio: as `POST /v1/media?durationMs=`. */
  durationMs?: number;
}

export interface UploadUrlResponse {
  /** Relative to the API, like media links; PUT the file here. */
  uploadUrl: string;
  /** The id the stored file will have. */
  mediaId: string;
  expiresAt: string;
}

/** `GET /v1/media/limits` (bearer auth): what an upload may be, so clients can refuse early. */
export interface MediaLimitsResponse {
  maxBytes: number;
  allowedTypes: string[];
  /** The longest voice message (MEDIA_VOICE_MAX_SECONDS): a recorder stops there. */
  voiceMaxSeconds: number;
}

/**
 * An upload the malware scan refused (the uploader got 422 MEDIA_INFECTED), held out of reach for
 * the tenant's administrators (seed 003 R16.5) until one deletes it or MEDIA_QUARANTINE_DAYS pass.
 */
export interface QuarantinedMedia {
  id: string;
  uploaderId: string;
  /** The uploader's display name now; null once their account is gone. */
  uploaderName: string | null;
  name: string;
  contentType: string;
  /** Bytes. */
  size: number;
  /** What the scanner found. */
  signature: string;
  quarantinedAt: string;
}

/** `GET /v1/media/quarantine?limit=&before=` (tenant administrators): newest first; `before` is the last id of the previous page. */
export interface MediaQuarantineResponse {
  quarantined: QuarantinedMedia[];
  hasMore: boolean;
}

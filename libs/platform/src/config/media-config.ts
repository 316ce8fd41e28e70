import path from 'node:path';
import type { EnvReader } from './env-reader';

/** Uploads and their links (`POST /v1/media`, signed `GET /v1/media/:id/content`). */
export interface MediaConfig {
  /** MEDIA_STORAGE: where the bytes live: `local` (the directory MEDIA_DIR) or `s3` (the bucket of `s3`). */
  storage: 'local' | 's3';
  /** MEDIA_DIR: the local-directory storage's root (default `<DATA_DIR>/media`). */
  dir: string;
  /** MEDIA_S3_*: the S3-compatible bucket when MEDIA_STORAGE is `s3`, null otherwise. */
  s3: MediaS3Config | null;
  /** MEDIA_MAX_BYTES: the largest upload; enforced while the bytes stream in (413 beyond). */
  maxBytes: number;
  /** MEDIA_ALLOWED_TYPES: lower-case `type/subtype` or `type/*` entries (415 for anything else). */
  allowedTypes: string[];
  /** MEDIA_QUOTA_BYTES: bytes of media one tenant may keep; 0 = no quota (507 beyond). */
  quotaBytes: number;
  /** MEDIA_MIN_FREE_BYTES: free space an upload must leave on the storage's disk (507 otherwise). */
  minFreeBytes: number;
  /** MEDIA_URL_TTL_SECONDS: how long a signed link works (it is a bearer capability). */
  urlTtlSeconds: number;
  /** MEDIA_UPLOAD_URL_TTL_SECONDS: how long a pre-signed upload URL works. */
  uploadUrlTtlSeconds: number;
  /** MEDIA_URL_SECRET: the links' HMAC key; unset, one is derived from the JWT secret. */
  urlSecret: string | null;
  /** MEDIA_CDN_URL: the CDN signed links point at (its origin is this server), without a trailing slash; null = links to this server. */
  cdnUrl: string | null;
  /** MEDIA_THUMBNAIL_PX: longer side of image previews; 0 = no previews (the original is shown). */
  thumbnailPx: number;
  /** MEDIA_STRIP_METADATA: remove what devices record (GPS position, camera, dates) from JPEG, PNG, WebP, GIF and AVIF pictures and MP4, QuickTime and M4A recordings as they are stored. */
  stripMetadata: boolean;
  /** MEDIA_SCAN_CLAMD: the clamd every upload is scanned by (`tcp://host:port` or a unix socket path); null = no scanning. */
  scanClamd: ClamdAddress | null;
  /** MEDIA_SCAN_MAX_BYTES: clamd's StreamMaxLength; with scanning on, larger uploads are refused (413) as they stream in. */
  scanMaxBytes: number;
  /** MEDIA_SCAN_TIMEOUT_MS: how long one scan may take, sending included, before the upload is refused (503). */
  scanTimeoutMs: number;
  /** MEDIA_UNATTACHED_TTL_HOURS: an upload no message carries is purged once this old; 0 = kept until its account goes. */
  unattachedTtlHours: number;
  /** MEDIA_UNATTACHED_GRACE_MINUTES: how long after its TTL (when sends start refusing it) such an upload is marked for purge. */
  unattachedGraceMinutes: number;
  /**
   * MEDIA_ABANDONED_UPLOAD_HOURS: when an upload that began this long ago has no row (its process
   * died, or the store carried out a write the upload gave up on), its objects are removed.
   */
  abandonedUploadHours: number;
  /** MEDIA_QUARANTINE_DAYS: how long an upload the malware scan refused is held for the administrators before it is removed. */
  quarantineDays: number;
  /** MEDIA_QUARANTINE_MAX_PER_UPLOADER: uploads held for one uploader at once; past it, a refused upload is removed as it comes (its bytes would only fill the disk). */
  quarantineMaxPerUploader: number;
  /** MEDIA_QUARANTINE_PAGE_DEFAULT_LIMIT / _MAX_LIMIT: entries per page of `GET /v1/media/quarantine`. */
  quarantinePageDefaultLimit: number;
  quarantinePageMaxLimit: number;
  /** MEDIA_VOICE_MAX_SECONDS: the longest voice message (413 beyond, at upload for a declared duration and at send). */
  voiceMaxSeconds: number;
}

/** An S3 (or S3-compatible) bucket holding the media objects, shared by every media replica. */
export interface MediaS3Config {
  /** MEDIA_S3_BUCKET. */
  bucket: string;
  /** MEDIA_S3_ENDPOINT: an S3-compatible store's URL (MinIO, Ceph, R2…); null = AWS S3 of `region`. */
  endpoint: string | null;
  /** MEDIA_S3_REGION (default `us-east-1`; stores that ignore regions take any). */
  region: string;
  /** MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY; null = the AWS SDK's default chain (AWS_* variables, web identity, instance role). */
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
  /** MEDIA_S3_FORCE_PATH_STYLE: `<endpoint>/<bucket>/<key>` instead of `<bucket>.<endpoint>/<key>` (default: true with an endpoint, false on AWS). */
  forcePathStyle: boolean;
  /** MEDIA_S3_KEY_PREFIX: put before every key, `''` or ending in `/` (so one bucket can hold several deployments). */
  keyPrefix: string;
}

export type ClamdAddress = { host: string; port: number } | { path: string };

const GIB = 1024 ** 3;
/** Pictures, sound, video and office documents; nothing a browser would run (no HTML, no SVG). */
export const DEFAULT_MEDIA_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/avif',
  'audio/*',
  'video/mp4',
  'video/webm',
  'video/quicktime',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/zip',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
];
const MEDIA_TYPE = /^[a-z0-9][\w.+-]*\/(\*|[a-z0-9][\w.+-]*)$/;

export function readMedia(r: EnvReader, dataDir: string): MediaConfig {
  const types = r.string('MEDIA_ALLOWED_TYPES', DEFAULT_MEDIA_TYPES.join(','));
  const allowedTypes = types.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
  const bad = allowedTypes.filter((t) => !MEDIA_TYPE.test(t));
  if (bad.length || allowedTypes.length === 0) r.problems.push(`MEDIA_ALLOWED_TYPES must be a comma-separated list of type/subtype or type/* (got "${types}")`);
  // The HTTP layer's JSON parser reads an application/json body before the upload would: the file would be stored empty.
  const json = allowedTypes.filter((t) => t === 'application/json' || t === 'application/*');
  if (json.length) r.problems.push(`MEDIA_ALLOWED_TYPES must not admit application/json, which the API parses as a request body (got ${json.join(', ')}; list application subtypes one by one)`);
  // The secret signs bearer links.
  const urlSecret = r.secret('MEDIA_URL_SECRET');
  const storage = r.oneOf('MEDIA_STORAGE', 'local', ['local', 's3'] as const);
  const s3 = readS3(r, storage);
  return {
    storage,
    dir: r.string('MEDIA_DIR', path.join(dataDir, 'media')),
    s3,
    maxBytes: r.int('MEDIA_MAX_BYTES', 25 * 1024 * 1024, 1, 64 * GIB),
    allowedTypes,
    quotaBytes: r.int('MEDIA_QUOTA_BYTES', 0, 0),
    // Embedded Postgres keeps its data on the same disk by default: a full disk would stop text messaging too.
    minFreeBytes: r.int('MEDIA_MIN_FREE_BYTES', GIB, 0),
    urlTtlSeconds: r.int('MEDIA_URL_TTL_SECONDS', 3600, 10, 7 * 24 * 3600),
    // Long enough to send a large file over a slow line; the URL dies with its login anyway.
    uploadUrlTtlSeconds: r.int('MEDIA_UPLOAD_URL_TTL_SECONDS', 900, 10, 24 * 3600),
    urlSecret,
    cdnUrl: readCdnUrl(r),
    thumbnailPx: r.int('MEDIA_THUMBNAIL_PX', 320, 0, 4096),
    stripMetadata: r.bool('MEDIA_STRIP_METADATA', true),
    scanClamd: readClamdAddress(r),
    // clamd hangs up on a stream past its StreamMaxLength (25M in Debian's clamd.conf), often before its answer can be read.
    scanMaxBytes: r.int('MEDIA_SCAN_MAX_BYTES', 25 * 1024 * 1024, 1, 4 * GIB - 1),
    scanTimeoutMs: r.int('MEDIA_SCAN_TIMEOUT_MS', 30_000, 100, 600_000),
    // Whole hours: a client may upload, then take a while to write the message it goes with.
    unattachedTtlHours: r.int('MEDIA_UNATTACHED_TTL_HOURS', 24, 0, 8760),
    // Far longer than a send statement runs: one that found the upload young has committed before it is marked.
    unattachedGraceMinutes: r.int('MEDIA_UNATTACHED_GRACE_MINUTES', 10, 1, 1440),
    // Far longer than an upload, its scan and its preview take, and than a store takes to carry out a write it never answered.
    abandonedUploadHours: r.int('MEDIA_ABANDONED_UPLOAD_HOURS', 24, 1, 720),
    // A month: time for an administrator to look, without keeping malware for ever.
    quarantineDays: r.int('MEDIA_QUARANTINE_DAYS', 30, 1, 3650),
    quarantineMaxPerUploader: r.int('MEDIA_QUARANTINE_MAX_PER_UPLOADER', 20, 1, 100_000),
    quarantinePageDefaultLimit: r.int('MEDIA_QUARANTINE_PAGE_DEFAULT_LIMIT', 50, 1, 1000),
    quarantinePageMaxLimit: r.int('MEDIA_QUARANTINE_PAGE_MAX_LIMIT', 200, 1, 1000),
    // Five minutes: a voice note, not a podcast (a longer recording can still be sent as an audio file).
    voiceMaxSeconds: r.int('MEDIA_VOICE_MAX_SECONDS', 300, 1, 3600),
  };
}

const S3_VARIABLES = ['MEDIA_S3_BUCKET', 'MEDIA_S3_ENDPOINT', 'MEDIA_S3_REGION', 'MEDIA_S3_ACCESS_KEY_ID', 'MEDIA_S3_SECRET_ACCESS_KEY', 'MEDIA_S3_FORCE_PATH_STYLE', 'MEDIA_S3_KEY_PREFIX'];
/** S3's rule for new buckets: 3 to 63 lower-case letters, digits, dots and hyphens, a letter or digit at each end. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Segments of key characters, each followed by `/`; no `.` or `..` segment. */
const KEY_PREFIX = /^(?:(?!\.\.?\/)[\w.-]+\/)*$/;

/** Every MEDIA_S3_* variable is read whatever MEDIA_STORAGE says, so one set beside `local` (files on a pod's own disk, not the bucket meant) fails the start. */
function readS3(r: EnvReader, storage: 'local' | 's3'): MediaS3Config | null {
  const bucket = r.string('MEDIA_S3_BUCKET', null);
  const endpoint = r.url('MEDIA_S3_ENDPOINT', null);
  const region = r.string('MEDIA_S3_REGION', 'us-east-1');
  const accessKeyId = r.string('MEDIA_S3_ACCESS_KEY_ID', null);
  const secretAccessKey = r.string('MEDIA_S3_SECRET_ACCESS_KEY', null);
  const forcePathStyle = r.bool('MEDIA_S3_FORCE_PATH_STYLE', endpoint !== null);
  const rawPrefix = r.string('MEDIA_S3_KEY_PREFIX', '');
  if (storage === 'local') {
    const set = S3_VARIABLES.filter((name) => r.string(name, null) !== null);
    if (set.length) r.problems.push(`${set.join(', ')} ${set.length > 1 ? 'are' : 'is'} set but MEDIA_STORAGE is local (set MEDIA_STORAGE=s3 to keep media in the bucket)`);
    return null;
  }
  if (bucket === null) r.problems.push('MEDIA_S3_BUCKET must be set when MEDIA_STORAGE is s3');
  else if (!BUCKET.test(bucket)) r.problems.push(`MEDIA_S3_BUCKET must be 3 to 63 lower-case letters, digits, dots or hyphens, starting and ending with a letter or digit (got "${bucket}")`);
  if (!REGION.test(region)) r.problems.push(`MEDIA_S3_REGION must be lower-case letters, digits and hyphens, like eu-west-1 (got "${region}")`);
  // The secret is never shown, only whether it is there.
  if ((accessKeyId === null) !== (secretAccessKey === null)) r.problems.push('MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY must be set together (or neither, for the AWS SDK\'s default credentials)');
  const keyPrefix = rawPrefix === '' || rawPrefix.endsWith('/') ? rawPrefix : `${rawPrefix}/`;
  if (!KEY_PREFIX.test(keyPrefix)) r.problems.push(`MEDIA_S3_KEY_PREFIX must be path segments of letters, digits, _ . - separated by / (no leading /, no . or .. segment; got "${rawPrefix}")`);
  return {
    bucket: bucket ?? '',
    endpoint,
    region,
    credentials: accessKeyId !== null && secretAccessKey !== null ? { accessKeyId, secretAccessKey } : null,
    forcePathStyle,
    keyPrefix,
  };
}

function readCdnUrl(r: EnvReader): string | null {
  const raw = r.string('MEDIA_CDN_URL', null);
  if (raw === null) return null;
  const url = URL.canParse(raw) ? new URL(raw) : null;
  // The links' own query (expires, sig) is appended to it, so it may carry none of its own.
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash || url.username || url.password) {
    r.problems.push(`MEDIA_CDN_URL must be an http(s) URL without query, fragment or credentials (got "${raw}")`);
    return null;
  }
  return url.toString().replace(/\/+$/, '');
}

function readClamdAddress(r: EnvReader): ClamdAddress | null {
  const raw = r.string('MEDIA_SCAN_CLAMD', null);
  if (raw === null) return null;
  const tcp = /^tcp:\/\/([^/:]+|\[[\d:a-f]+\]):(\d{1,5})$/i.exec(raw);
  if (tcp && Number(tcp[2]) >= 1 && Number(tcp[2]) <= 65535) return { host: tcp[1].replace(/^\[|\]$/g, ''), port: Number(tcp[2]) };
  if (path.isAbsolute(raw)) return { path: raw };
  r.problems.push(`MEDIA_SCAN_CLAMD must be tcp://host:port or the absolute path of clamd's unix socket (got "${raw}")`);
  return null;
}

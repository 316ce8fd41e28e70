import path from 'node:path';
import { loadConfig } from './app-config';
import { DEFAULT_MEDIA_TYPES } from './media-config';

describe('media configuration', () => {
  it('defaults: 25 MiB uploads, the safe type list, no quota, a 1 GiB disk reserve, one-hour links, 320 px previews', () => {
    expect(loadConfig({ DATA_DIR: '/srv/chat' }).media).toEqual({
      storage: 'local',
      dir: path.join('/srv/chat', 'media'),
      s3: null,
      maxBytes: 25 * 1024 * 1024,
      allowedTypes: DEFAULT_MEDIA_TYPES,
      quotaBytes: 0,
      minFreeBytes: 1024 ** 3,
      urlTtlSeconds: 3600,
      uploadUrlTtlSeconds: 900,
      urlSecret: null,
      cdnUrl: null,
      thumbnailPx: 320,
      stripMetadata: true,
      scanClamd: null,
      scanMaxBytes: 25 * 1024 * 1024,
      scanTimeoutMs: 30_000,
      unattachedTtlHours: 24,
      unattachedGraceMinutes: 10,
      abandonedUploadHours: 24,
      quarantineDays: 30,
      quarantineMaxPerUploader: 20,
      quarantinePageDefaultLimit: 50,
      quarantinePageMaxLimit: 200,
      voiceMaxSeconds: 300,
    });
    expect(DEFAULT_MEDIA_TYPES).not.toContain('text/html');
    expect(DEFAULT_MEDIA_TYPES.some((t) => t.includes('svg'))).toBe(false);
  });

  it('reads every variable', () => {
    const media = loadConfig({
      MEDIA_STORAGE: 's3',
      MEDIA_DIR: '/mnt/media',
      MEDIA_S3_BUCKET: 'chat-media.example',
      MEDIA_S3_ENDPOINT: 'https://minio.internal:9000/',
      MEDIA_S3_REGION: 'eu-west-3',
      MEDIA_S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      MEDIA_S3_SECRET_ACCESS_KEY: 'secret/key+example',
      MEDIA_S3_FORCE_PATH_STYLE: 'false',
      MEDIA_S3_KEY_PREFIX: 'prod/chat',
      MEDIA_MAX_BYTES: '1000',
      MEDIA_ALLOWED_TYPES: ' Image/PNG , audio/* ',
      MEDIA_QUOTA_BYTES: '5000',
      MEDIA_MIN_FREE_BYTES: '0',
      MEDIA_URL_TTL_SECONDS: '60',
      MEDIA_UPLOAD_URL_TTL_SECONDS: '120',
      MEDIA_URL_SECRET: 'x'.repeat(32),
      MEDIA_CDN_URL: 'https://cdn.example.com/chat/',
      MEDIA_THUMBNAIL_PX: '0',
      MEDIA_STRIP_METADATA: 'false',
      MEDIA_SCAN_CLAMD: 'tcp://clamav.internal:3310',
      MEDIA_SCAN_MAX_BYTES: '800',
      MEDIA_SCAN_TIMEOUT_MS: '5000',
      MEDIA_UNATTACHED_TTL_HOURS: '0',
      MEDIA_UNATTACHED_GRACE_MINUTES: '30',
      MEDIA_ABANDONED_UPLOAD_HOURS: '48',
      MEDIA_QUARANTINE_DAYS: '7',
      MEDIA_QUARANTINE_MAX_PER_UPLOADER: '5',
      MEDIA_QUARANTINE_PAGE_DEFAULT_LIMIT: '10',
      MEDIA_QUARANTINE_PAGE_MAX_LIMIT: '20',
      MEDIA_VOICE_MAX_SECONDS: '60',
    }).media;
    expect(media).toEqual({
      storage: 's3',
      dir: '/mnt/media',
      s3: {
        bucket: 'chat-media.example',
        endpoint: 'https://minio.internal:9000',
        region: 'eu-west-3',
        credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret/key+example' },
        forcePathStyle: false,
        keyPrefix: 'prod/chat/',
      },
      maxBytes: 1000,
      allowedTypes: ['image/png', 'audio/*'],
      quotaBytes: 5000,
      minFreeBytes: 0,
      urlTtlSeconds: 60,
      uploadUrlTtlSeconds: 120,
      urlSecret: 'x'.repeat(32),
      cdnUrl: 'https://cdn.example.com/chat',
      thumbnailPx: 0,
      stripMetadata: false,
      scanClamd: { host: 'clamav.internal', port: 3310 },
      scanMaxBytes: 800,
      scanTimeoutMs: 5000,
      unattachedTtlHours: 0,
      unattachedGraceMinutes: 30,
      abandonedUploadHours: 48,
      quarantineDays: 7,
      quarantineMaxPerUploader: 5,
      quarantinePageDefaultLimit: 10,
      quarantinePageMaxLimit: 20,
      voiceMaxSeconds: 60,
    });
  });

  it('on S3 with a bucket alone: AWS in us-east-1, virtual-hosted addressing, the SDK\'s default credentials, no prefix; path-style by default with an endpoint', () => {
    expect(loadConfig({ MEDIA_STORAGE: 's3', MEDIA_S3_BUCKET: 'chat-media' }).media.s3).toEqual({
      bucket: 'chat-media',
      endpoint: null,
      region: 'us-east-1',
      credentials: null,
      forcePathStyle: false,
      keyPrefix: '',
    });
    const compatible = loadConfig({ MEDIA_STORAGE: 's3', MEDIA_S3_BUCKET: 'chat-media', MEDIA_S3_ENDPOINT: 'http://127.0.0.1:9000', MEDIA_S3_KEY_PREFIX: 'a/b/' }).media.s3;
    expect(compatible).toMatchObject({ endpoint: 'http://127.0.0.1:9000', forcePathStyle: true, keyPrefix: 'a/b/' });
  });

  it('fails the start on S3 settings beside local storage (files would land on the pod\'s disk), and never shows the secret', () => {
    expect(() => loadConfig({ MEDIA_S3_BUCKET: 'chat-media' })).toThrow('MEDIA_S3_BUCKET is set but MEDIA_STORAGE is local');
    expect(() => loadConfig({ MEDIA_STORAGE: 's3', MEDIA_S3_BUCKET: 'chat-media', MEDIA_S3_SECRET_ACCESS_KEY: 'hunter2-secret' })).toThrow(/MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY must be set together/);
    try {
      loadConfig({ MEDIA_S3_BUCKET: 'x', MEDIA_S3_SECRET_ACCESS_KEY: 'hunter2-secret' });
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2');
    }
    expect.assertions(3);
  });

  it.each([
    [{ MEDIA_STORAGE: 'gcs' }, 'MEDIA_STORAGE'],
    [{ MEDIA_STORAGE: 's3' }, 'MEDIA_S3_BUCKET must be set'],
    [{ MEDIA_STORAGE: 's3', MEDIA_S3_BUCKET: 'Chat_Media' }, 'MEDIA_S3_BUCKET'],
    [{ MEDIA_STORAGE: 's3', MEDIA_S3_BUCKET: 'ab' }, 'MEDIA_S3_BUCKET'],
    [{ MEDIA_STORAGE: 's3', MEDIA_S3_BUCKET: 'chat-media', MEDIA_S3_ENDPOINT: 'minio:9000' }, 'MEDIA_S3_ENDPOINT'],
    [{ MEDIA_STORAGE: 's3', MEDIA_S3_BUCKET: 'chat-media', MEDIA_S3_ENDPOINT: 'ftp://minio' }, 'MEDIA_S3_ENDPOINT'],
    [{ MEDIA_STORAGE: 's3', MEDIA_S3_BUCKET: 'chat-media', MEDIA_S3_REGION: 'EU West' }, 'MEDIA_S3_REGION'],
    [{ MEDIA_STORAGE: 's3', MEDIA_S3_BUCKET: 'chat-media', MEDIA_S3_ACCESS_KEY_ID: 'AKIA' }, 'MEDIA_S3_SECRET_ACCESS_KEY'],
    [{ MEDIA_STORAGE: 's3', MEDIA_S3_BUCKET: 'chat-media', MEDIA_S3_FORCE_PATH_STYLE: 'sometimes' }, 'MEDIA_S3_FORCE_PATH_STYLE'],
    [{ MEDIA_STORAGE: 's3', MEDIA_S3_BUCKET: 'chat-media', MEDIA_S3_KEY_PREFIX: '/chat' }, 'MEDIA_S3_KEY_PREFIX'],
    [{ MEDIA_STORAGE: 's3', MEDIA_S3_BUCKET: 'chat-media', MEDIA_S3_KEY_PREFIX: 'chat/../other' }, 'MEDIA_S3_KEY_PREFIX'],
    [{ MEDIA_STORAGE: 's3', MEDIA_S3_BUCKET: 'chat-media', MEDIA_S3_KEY_PREFIX: 'chat//media' }, 'MEDIA_S3_KEY_PREFIX'],
  ])('fails the start on the S3 settings %j, naming %s', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it.each(['image/png,application/json', 'Application/JSON', 'application/*'])('refuses MEDIA_ALLOWED_TYPES=%j: the JSON body parser would take the upload’s bytes', (types) => {
    expect(() => loadConfig({ MEDIA_ALLOWED_TYPES: types })).toThrow(/MEDIA_ALLOWED_TYPES must not admit application\/json/);
    expect(loadConfig({ MEDIA_ALLOWED_TYPES: 'application/ld+json,application/pdf' }).media.allowedTypes).toEqual(['application/ld+json', 'application/pdf']);
  });

  it('takes clamd at a unix socket or an IPv6 address', () => {
    expect(loadConfig({ MEDIA_SCAN_CLAMD: '/run/clamav/clamd.ctl' }).media.scanClamd).toEqual({ path: '/run/clamav/clamd.ctl' });
    expect(loadConfig({ MEDIA_SCAN_CLAMD: 'tcp://[::1]:3310' }).media.scanClamd).toEqual({ host: '::1', port: 3310 });
  });

  it.each([
    ['MEDIA_MAX_BYTES', '0'],
    ['MEDIA_MAX_BYTES', 'ten'],
    ['MEDIA_ALLOWED_TYPES', 'png'],
    ['MEDIA_ALLOWED_TYPES', 'image/png,*/*'],
    ['MEDIA_ALLOWED_TYPES', ' , '],
    ['MEDIA_QUOTA_BYTES', '-1'],
    ['MEDIA_MIN_FREE_BYTES', '1.5'],
    ['MEDIA_URL_TTL_SECONDS', '5'],
    ['MEDIA_URL_TTL_SECONDS', String(8 * 24 * 3600)],
    ['MEDIA_UPLOAD_URL_TTL_SECONDS', '9'],
    ['MEDIA_UPLOAD_URL_TTL_SECONDS', String(24 * 3600 + 1)],
    ['MEDIA_URL_SECRET', 'too-short'],
    ['MEDIA_CDN_URL', 'cdn.example.com'],
    ['MEDIA_CDN_URL', 'ftp://cdn.example.com'],
    ['MEDIA_CDN_URL', 'https://cdn.example.com/?v=1'],
    ['MEDIA_CDN_URL', 'https://user:pw@cdn.example.com'],
    ['MEDIA_THUMBNAIL_PX', '-1'],
    ['MEDIA_STRIP_METADATA', 'maybe'],
    ['MEDIA_SCAN_CLAMD', 'clamav:3310'],
    ['MEDIA_SCAN_CLAMD', 'tcp://clamav'],
    ['MEDIA_SCAN_CLAMD', 'tcp://clamav:70000'],
    ['MEDIA_SCAN_CLAMD', 'run/clamd.ctl'],
    ['MEDIA_SCAN_MAX_BYTES', '0'],
    ['MEDIA_SCAN_TIMEOUT_MS', '50'],
    ['MEDIA_UNATTACHED_TTL_HOURS', '-1'],
    ['MEDIA_UNATTACHED_TTL_HOURS', '0.5'],
    ['MEDIA_UNATTACHED_TTL_HOURS', '8761'],
    ['MEDIA_UNATTACHED_GRACE_MINUTES', '0'],
    ['MEDIA_UNATTACHED_GRACE_MINUTES', '2.5'],
    ['MEDIA_UNATTACHED_GRACE_MINUTES', '1441'],
    ['MEDIA_ABANDONED_UPLOAD_HOURS', '0'],
    ['MEDIA_ABANDONED_UPLOAD_HOURS', '721'],
    ['MEDIA_VOICE_MAX_SECONDS', '0'],
    ['MEDIA_VOICE_MAX_SECONDS', '2.5'],
    ['MEDIA_VOICE_MAX_SECONDS', '3601'],
  ])('fails the start naming %s when it is %j', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('takes MEDIA_URL only on a gateway that forwards to split apps', () => {
    expect(() => loadConfig({ MEDIA_URL: 'http://media:3000' })).toThrow(/MEDIA_URL/);
    const split = { COMMAND_URL: 'http://command:3000', QUERY_URL: 'http://query:3000', SERVICE_TOKEN: 't'.repeat(32) };
    expect(loadConfig({ ...split, MEDIA_URL: 'http://media:3000/' }).services.mediaUrl).toBe('http://media:3000');
    expect(loadConfig(split).services.mediaUrl).toBeNull();
  });
});

import path from 'node:path';
import { loadConfig } from './app-config';
import { DEFAULT_MEDIA_TYPES } from './media-config';

describe('media configuration', () => {
  it('defaults: 25 MiB uploads, the safe type list, no quota, a 1 GiB disk reserve, one-hour links, 320 px previews', () => {
    expect(loadConfig({ DATA_DIR: '/srv/chat' }).media).toEqual({
      dir: path.join('/srv/chat', 'media'),
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
      voiceMaxSeconds: 300,
    });
    expect(DEFAULT_MEDIA_TYPES).not.toContain('text/html');
    expect(DEFAULT_MEDIA_TYPES.some((t) => t.includes('svg'))).toBe(false);
  });

  it('reads every variable', () => {
    const media = loadConfig({
      MEDIA_DIR: '/mnt/media',
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
      MEDIA_VOICE_MAX_SECONDS: '60',
    }).media;
    expect(media).toEqual({
      dir: '/mnt/media',
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
      voiceMaxSeconds: 60,
    });
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
    ['MEDIA_VOICE_MAX_SECONDS', '0'],
    ['MEDIA_VOICE_MAX_SECONDS', '2.5'],
    ['MEDIA_VOICE_MAX_SECONDS', '3601'],
  ])('fails the start naming %s when it is %j', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('takes MEDIA_URL only on a gateway that forwards to split apps', () => {
    expect(() => loadConfig({ MEDIA_URL: 'http://media:3000' })).toThrow(/MEDIA_URL/);
    const split = { COMMAND_URL: 'http://command:3000', QUERY_URL: 'http://query:3000', SERVICE_TOKEN: 't' };
    expect(loadConfig({ ...split, MEDIA_URL: 'http://media:3000/' }).services.mediaUrl).toBe('http://media:3000');
    expect(loadConfig(split).services.mediaUrl).toBeNull();
  });
});

import { upstreamFor } from './public-api-forwarder';

describe('upstreamFor with a media app (MEDIA_URL)', () => {
  const route = (method: string, path: string, media: string | null = 'http://media') => upstreamFor(method, 'http://command', 'http://query', path, media);

  it('sends uploads, limits and downloads to the media app', () => {
    expect(route('POST', '/v1/media?name=a.png')).toBe('http://media');
    expect(route('POST', '/v1/media')).toBe('http://media');
    expect(route('GET', '/v1/media/limits')).toBe('http://media');
    expect(route('GET', '/v1/media/0194f3c2-7a1b-7c3d-8e4f-0123456789ab/content?expires=1&sig=x')).toBe('http://media');
    expect(route('HEAD', '/v1/media/0194f3c2-7a1b-7c3d-8e4f-0123456789ab/thumbnail')).toBe('http://media');
  });

  it('keeps every other path on the command and query apps, and media there too without MEDIA_URL', () => {
    expect(route('GET', '/v1/mediaplayer')).toBe('http://query');
    expect(route('POST', '/v1/conversations/x/messages')).toBe('http://command');
    expect(route('POST', '/v1/media', null)).toBe('http://command');
  });
});

describe('upstreamFor tenant exports', () => {
  it('sends every /v1/admin/exports request to the command app, whose volume holds the files, reads included', () => {
    const route = (method: string, path: string) => upstreamFor(method, 'http://command', 'http://query', path, null);
    expect(route('POST', '/v1/admin/exports')).toBe('http://command');
    expect(route('GET', '/v1/admin/exports?limit=5')).toBe('http://command');
    expect(route('GET', '/v1/admin/exports/0194f3c2-7a1b-7c3d-8e4f-0123456789ab/download')).toBe('http://command');
    expect(route('GET', '/v1/admin/audit-log')).toBe('http://query');
  });
});

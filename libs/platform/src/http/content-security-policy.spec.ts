import { contentSecurityPolicy } from './content-security-policy';

describe('contentSecurityPolicy', () => {
  it('lets the web client reach only its own origin, sockets included, with no inline code, plugins, <base> or framing', () => {
    const policy = contentSecurityPolicy('/', 'chat.example.org:8443');
    expect(policy.split('; ')).toEqual([
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' blob: data:",
      "media-src 'self' blob:",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "connect-src 'self' ws://chat.example.org:8443 wss://chat.example.org:8443",
    ]);
    expect(contentSecurityPolicy('/v1/me', '[::1]:3000')).toContain("connect-src 'self' ws://[::1]:3000 wss://[::1]:3000");
  });

  it('lets pictures and sound come from the media CDN too (MEDIA_CDN_URL), and nothing else from there', () => {
    const policy = contentSecurityPolicy('/', 'chat.example.org', 'https://cdn.example.net');
    expect(policy).toContain("img-src 'self' https://cdn.example.net blob: data:");
    expect(policy).toContain("media-src 'self' https://cdn.example.net blob:");
    expect(policy.match(/cdn\.example\.net/g)).toHaveLength(2);
  });

  it('lets pictures, and only pictures, come from the avatar origins (PROFILE_AVATAR_ORIGINS)', () => {
    const policy = contentSecurityPolicy('/', 'chat.example.org', null, ['https://avatars.example', 'http://127.0.0.1:8080']);
    expect(policy).toContain("img-src 'self' https://avatars.example http://127.0.0.1:8080 blob: data:");
    expect(policy).toContain("media-src 'self' blob:");
    expect(policy.match(/avatars\.example/g)).toHaveLength(1);
    expect(contentSecurityPolicy('/', 'chat.example.org', 'https://cdn.example.net', ['https:'])).toContain("img-src 'self' https://cdn.example.net https: blob: data:");
  });

  it('never writes a Host that is not a plain host[:port] into the policy', () => {
    for (const host of ["evil.org; script-src 'unsafe-inline'", 'a b', undefined]) expect(contentSecurityPolicy('/', host)).toMatch(/connect-src 'self'$/);
  });

  it('gives the OpenAPI UI inline styles and data: images, and still only this origin’s scripts', () => {
    const policy = contentSecurityPolicy('/docs/', 'localhost');
    expect(policy).toContain("style-src 'self' 'unsafe-inline'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(contentSecurityPolicy('/docs-json', 'localhost')).toContain("style-src 'self';");
  });
});

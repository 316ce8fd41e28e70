import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { AppConfig } from '@chat/platform';
import { forwardPublicApi, upstreamFor } from './public-api-forwarder';

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

describe('forwardPublicApi: who the caller is', () => {
  let upstream: Server;
  let seen: IncomingHttpHeaders[] = [];
  const listen = (server: Server) => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
  const close = (server: Server) => new Promise((resolve) => server.close(resolve));

  beforeAll(async () => {
    upstream = createServer((req, res) => (seen.push(req.headers), res.end('{}')));
  });
  afterAll(() => close(upstream));

  /** A gateway with `trust proxy` as given, forwarding to the recording upstream; answers what X-Forwarded-For the upstream got. */
  async function forwardedFor(trustProxy: string | false, header: string): Promise<string | undefined> {
    const upstreamUrl = upstream.listening ? `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` : await listen(upstream);
    const app = express();
    app.set('trust proxy', trustProxy);
    forwardPublicApi(app as never, { services: { commandUrl: upstreamUrl, queryUrl: upstreamUrl, mediaUrl: null, token: 't', timeoutMs: 5000 } } as AppConfig);
    const gateway = createServer(app);
    try {
      seen = [];
      await fetch(`${await listen(gateway)}/v1/me`, { headers: { 'x-forwarded-for': header } });
      return seen[0]?.['x-forwarded-for'] as string | undefined;
    } finally {
      await close(gateway);
    }
  }

  it('passes on the address its own trust proxy decided, never the chain a client wrote', async () => {
    // Untrusted: the TCP peer, whatever the client claims (the command app trusts the gateway, so a claim passed on would be believed).
    expect(await forwardedFor(false, '203.0.113.9')).toBe('127.0.0.1');
    // Behind a trusted proxy on loopback: the nearest address that proxy vouches for.
    expect(await forwardedFor('loopback', '203.0.113.9, 198.51.100.1')).toBe('198.51.100.1');
  });
});

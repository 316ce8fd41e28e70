import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { pinoHttp } from 'pino-http';
import { urlForLog } from './http-log';
import { pinoHttpOptions } from './logging.module';

describe('urlForLog', () => {
  it('keeps the path and the query names, masking every value but paging positions', () => {
    expect(urlForLog('/v1/conversations')).toBe('/v1/conversations');
    expect(urlForLog('/v1/media/abc/content?expires=1700000000&sig=s3cr3t')).toBe('/v1/media/abc/content?expires=[redacted]&sig=[redacted]');
    expect(urlForLog('/v1/search?q=my+salary&limit=20')).toBe('/v1/search?q=[redacted]&limit=20');
    expect(urlForLog('/v1/conversations/x/messages?before=42&limit=50')).toBe('/v1/conversations/x/messages?before=42&limit=50');
    expect(urlForLog('/v1/auth/sso/callback?code=abc&state=def')).toBe('/v1/auth/sso/callback?code=[redacted]&state=[redacted]');
  });

  it('masks the whole query when a name does not look like one (a secret where a name goes), and odd paging values', () => {
    expect(urlForLog('/v1/x?eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig')).toBe('/v1/x?[redacted]');
    expect(urlForLog('/v1/x?%E0%A4%A=1')).toBe('/v1/x?[redacted]');
    expect(urlForLog('/v1/x?limit=secret%20text')).toBe('/v1/x?limit=[redacted]');
  });
});

describe('HTTP request logs (pino-http with the apps\' options)', () => {
  let server: Server;
  let url: string;
  const lines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(...String(chunk).split('\n').filter(Boolean)), done()) });
    const options = pinoHttpOptions({ log: { level: 'info', maskIds: true } } as never, 'test');
    const log = pinoHttp({ ...options, logger: pino({ ...options, level: 'info' } as pino.LoggerOptions, sink) } as never);
    server = createServer((req, res) => {
      log(req, res);
      // An SSO callback's answer: its Location carries a one-time login code.
      if (req.url?.startsWith('/v1/auth/sso/callback')) res.writeHead(302, { location: '/?sso_code=one-time-login-code', 'set-cookie': 'sid=cookie-secret' }).end();
      else res.writeHead(200).end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('logs a media download, a search and an SSO callback without signatures, search text, codes, or credential headers', async () => {
    const credentials = { authorization: 'Bearer access-token-secret', cookie: 'sid=cookie-secret', 'x-mfa-code': '123456', 'x-service-token': 'service-secret' };
    await fetch(`${url}/v1/media/0194f3c2/content?expires=1700000000&sig=signature-secret`, { headers: credentials });
    await fetch(`${url}/v1/search?q=confidential+salary&limit=20`, { headers: credentials });
    await fetch(`${url}/v1/auth/sso/callback?code=provider-code-secret&state=state-secret`, { redirect: 'manual' });
    for (let i = 0; i < 50 && lines.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    const logged = lines.join('\n');
    expect(lines.map((l) => JSON.parse(l) as { req: unknown; res: unknown }).map((l) => [l.req, l.res])).toEqual([
      [{ method: 'GET', url: '/v1/media/0194f3c2/content?expires=[redacted]&sig=[redacted]' }, { statusCode: 200 }],
      [{ method: 'GET', url: '/v1/search?q=[redacted]&limit=20' }, { statusCode: 200 }],
      [{ method: 'GET', url: '/v1/auth/sso/callback?code=[redacted]&state=[redacted]' }, { statusCode: 302 }],
    ]);
    for (const secret of ['signature-secret', 'confidential', 'provider-code-secret', 'state-secret', 'one-time-login-code', 'access-token-secret', 'cookie-secret', '123456', 'service-secret']) {
      expect(logged).not.toContain(secret);
    }
  });

  it('masks the ids in a logged URL (LOG_MASK_IDS)', async () => {
    lines.length = 0;
    const conversationId = '01a24f74-5a42-700b-9297-b794282f7274';
    await fetch(`${url}/v1/conversations/${conversationId}/messages?limit=50`);
    for (let i = 0; i < 50 && lines.length < 1; i++) await new Promise((r) => setTimeout(r, 10));
    expect(lines.join('\n')).not.toContain(conversationId);
    expect(JSON.parse(lines[0]!)).toMatchObject({ req: { url: '/v1/conversations/…282f7274/messages?limit=50' } });
  });
});

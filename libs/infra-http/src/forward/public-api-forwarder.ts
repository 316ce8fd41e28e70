import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { Agent, request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { bodyReplaced, currentRequestId, inSpan, REQUEST_ID_HEADER, sendApiError, SpanKind, currentTraceHeaders, type AppConfig } from '@chat/platform';

/** Headers that describe one connection, not the request: never forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'content-length', 'traceparent', 'tracestate']);

/**
 * Reads go to the query app, everything else (a change) to the command app; media to the media app
 * when there is one; tenant exports to the command app, whose volume holds their files.
 */
export function upstreamFor(method: string, commandUrl: string, queryUrl: string, path = '', mediaUrl: string | null = null): string {
  if (mediaUrl && (path === '/v1/media' || path.startsWith('/v1/media/') || path.startsWith('/v1/media?'))) return mediaUrl;
  if (path === '/v1/admin/exports' || path.startsWith('/v1/admin/exports/') || path.startsWith('/v1/admin/exports?')) return commandUrl;
  return method === 'GET' || method === 'HEAD' ? queryUrl : commandUrl;
}

/**
 * Makes a split gateway serve the whole public REST contract: every `/v1/*` request is passed to
 * the command or query app as it came (method, path, query, Authorization, Host, body) plus
 * x-request-id, traceparent and X-Forwarded-*; the answer (status, headers, body, errors in the
 * contract's shape) comes back unchanged. It is mounted before Nest's routes, so the gateway's own
 * copies of the feature controllers never see a `/v1` request.
 */
export function forwardPublicApi(app: NestExpressApplication, config: AppConfig): void {
  const { commandUrl, queryUrl, mediaUrl, timeoutMs } = config.services;
  if (!commandUrl || !queryUrl) return;
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const logger = new Logger('PublicApiForwarder');
  app.use('/v1', (req: Request, res: Response, _next: NextFunction) => {
    const target = new URL(req.originalUrl, upstreamFor(req.method, commandUrl, queryUrl, req.originalUrl, mediaUrl));
    void inSpan(`forward ${req.method}`, { kind: SpanKind.SERVER, parentHeaders: req.headers, attributes: { 'http.request.method': req.method, 'url.path': req.path } }, () =>
      forward(req, res, target, agent, timeoutMs).catch((cause) => {
        sendApiError(res, new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'A backend service is unreachable', 'Retry shortly', { cause }), logger);
      }),
    );
  });
}

function forward(req: Request, res: Response, target: URL, agent: Agent, timeoutMs: number): Promise<void> {
  // express.json already read a JSON body (the stream has ended), or a /chat alias set one; anything else is still in the stream.
  const body = (req.readableEnded || bodyReplaced(req)) && req.body !== undefined ? Buffer.from(JSON.stringify(req.body)) : null;
  const headers: OutgoingHttpHeaders = { ...withoutHopByHop(req.headers), ...currentTraceHeaders(), [REQUEST_ID_HEADER]: currentRequestId() };
  // The caller as this gateway's TRUST_PROXY decides it, not the chain as received: the command and
  // query apps trust the gateway, so a client could otherwise name any address by sending the header.
  headers['x-forwarded-for'] = req.ip ?? req.socket.remoteAddress ?? '';
  headers['x-forwarded-proto'] = req.protocol;
  if (body) headers['content-length'] = String(body.length);
  // A body passed through unread (an upload) keeps its length, so the upstream can refuse an oversized one at once.
  else if (req.headers['content-length']) headers['content-length'] = req.headers['content-length'];
  return new Promise<void>((resolve, reject) => {
    const upstream = request(target, { method: req.method, headers, agent, timeout: timeoutMs }, (answer) => {
      res.status(answer.statusCode ?? 502);
      for (const [name, value] of Object.entries(withoutHopByHop(answer.headers))) if (value !== undefined) res.setHeader(name, value);
      // The answer is piped unchanged, so its length still holds (downloads show their size and progress).
      if (answer.headers['content-length'] !== undefined) res.setHeader('content-length', answer.headers['content-length']);
      answer.pipe(res);
      answer.once('end', resolve);
      answer.once('error', reject);
    });
    upstream.once('timeout', () => upstream.destroy(new Error(`no answer from ${target.origin} within ${timeoutMs} ms`)));
    upstream.once('error', reject);
    if (body) upstream.end(body);
    else req.pipe(upstream);
    // A client that goes away mid-upload or mid-download ends the upstream call too, so the app behind sees the abort at once.
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
  });
}

function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())));
}

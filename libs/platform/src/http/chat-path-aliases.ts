import type { NextFunction, Request, Response } from 'express';
import { ValidationError } from '../errors/api-error';

interface Target {
  method: string;
  url: string;
  /** Replaces the request's body: a GET's query that becomes a POST's body. */
  body?: Record<string, unknown>;
}

/** An id as a path segment may carry it (the route's own validation judges it). */
const ID = '(?<id>[^/?#]+)';
const QUERY = '(?<query>\\?.*)?';

/** Each seed path as the v1 request it is; `id` and `query` are the path's captures. */
const ALIASES: { method: string; path: RegExp; to: (id: string, query: string, body: Record<string, unknown>) => Target }[] = [
  { method: 'POST', path: new RegExp(`^/chat/session${QUERY}$`), to: (_, query) => ({ method: 'POST', url: `/v1/conversations${query}` }) },
  { method: 'GET', path: new RegExp(`^/chat/session/${ID}${QUERY}$`), to: (id, query) => ({ method: 'GET', url: `/v1/conversations/${id}${query}` }) },
  { method: 'GET', path: new RegExp(`^/chat/history/${ID}${QUERY}$`), to: (id, query) => ({ method: 'GET', url: `/v1/conversations/${id}/messages${query}` }) },
  {
    method: 'GET',
    path: new RegExp(`^/chat/ws${QUERY}$`),
    to: (_, query) => {
      const sessionIds = new URLSearchParams(query).getAll('sessionId');
      return { method: 'POST', url: `/v1/auth/ws-ticket${query}`, body: sessionIds.length > 0 ? { conversationIds: sessionIds } : {} };
    },
  },
  {
    method: 'POST',
    path: new RegExp(`^/chat/message${QUERY}$`),
    to: (_, query, body) => {
      const { sessionId } = body;
      if (typeof sessionId !== 'string' || !/^[\w-]{1,64}$/.test(sessionId)) throw new ValidationError([{ field: 'sessionId', problem: 'must be the id of the conversation (the session) to send to' }]);
      delete body.sessionId;
      return { method: 'POST', url: `/v1/conversations/${sessionId}/messages${query}` };
    },
  },
];

const replacedBodies = new WeakSet<Request>();

/**
 * Whether chatPathAliases gave the request a body of its own (a GET's query as a POST's JSON): its
 * stream is empty, so a split gateway forwarding it must send this body, as one express.json read.
 */
export function bodyReplaced(req: Request): boolean {
  return replacedBodies.has(req);
}

/**
 * Seed 000's `/chat` endpoints, served as the v1 routes they name, so there is one contract with
 * one set of guards, audit entries and rate limits (a session is a conversation):
 * - `POST /chat/session` → `POST /v1/conversations` (same body, `clientRequestId` for idempotency)
 * - `GET /chat/session/:id` → `GET /v1/conversations/:id` (members, capabilities, policies)
 * - `POST /chat/message {sessionId, …}` → `POST /v1/conversations/:sessionId/messages {…}`
 * - `GET /chat/history/:id` → `GET /v1/conversations/:id/messages` (same paging query)
 * - `GET /chat/ws?sessionId=…` → `POST /v1/auth/ws-ticket {conversationIds}` (a single-use socket
 *   ticket with its URL and expiry, scoped to the sessions named, each `sessionId` once; none: the account)
 * The request is rewritten before routing (after the JSON body is read), its `originalUrl` too,
 * so a split gateway forwards it as that v1 request. Other `/chat` paths fall through to 404.
 */
export function chatPathAliases(req: Request, _res: Response, next: NextFunction): void {
  if (!req.url.startsWith('/chat/')) return next();
  for (const alias of ALIASES) {
    const match = req.method === alias.method ? alias.path.exec(req.url) : null;
    if (!match) continue;
    let target: Target;
    try {
      target = alias.to(match.groups?.id ?? '', match.groups?.query ?? '', isObject(req.body) ? req.body : {});
    } catch (err) {
      return next(err);
    }
    req.method = target.method;
    req.url = req.originalUrl = target.url;
    if (target.body) {
      req.body = target.body;
      req.headers['content-type'] = 'application/json';
      replacedBodies.add(req);
    }
    return next();
  }
  next();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

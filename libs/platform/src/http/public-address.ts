import type { Request } from 'express';

/** Where Socket.IO listens on every node that serves sockets (the gateways' `path`). */
export const SOCKET_IO_PATH = '/socket.io';

/** The origin a request came in on (`http://host:port`, the scheme as `trust proxy` lets Express read it). */
export function requestOriginOf(req: Request): string {
  return `${req.protocol}://${req.get('host')}`;
}

/**
 * The address clients reach the service on, without a trailing slash: PUBLIC_URL when configured
 * (behind a proxy or TLS terminator the request's own origin is not the one clients use), else the
 * origin the request came in on.
 */
export function publicBaseUrl(publicUrl: string | null, requestOrigin: string): string {
  return (publicUrl ?? requestOrigin).replace(/\/$/, '');
}

/** The socket address handed to clients (a ws ticket's `url`, a new conversation's `connection.url`): the public base over ws:// or wss://. */
export function socketUrlOf(publicUrl: string | null, requestOrigin: string): string {
  return `${publicBaseUrl(publicUrl, requestOrigin).replace(/^http/, 'ws')}${SOCKET_IO_PATH}`;
}

import type { IncomingMessage } from 'node:http';

/** Express's compiled `trust proxy` (`app.get('trust proxy fn')`): is the address `hop` hops away a proxy to believe? */
export type TrustProxyFn = (address: string, hop: number) => boolean;

/**
 * The caller's address as Express's `req.ip` tells it, for requests Express does not see (the
 * Socket.IO handshake): walking X-Forwarded-For from the nearest hop, the first address not
 * trusted as a proxy, or the furthest one when every hop is trusted. Nothing trusted: the peer.
 */
export function clientAddress(req: Pick<IncomingMessage, 'headers' | 'socket'>, trust: TrustProxyFn): string | undefined {
  const peer = req.socket.remoteAddress;
  if (peer === undefined) return undefined;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((s) => s.trim()).filter(Boolean);
  const hops = [peer, ...forwarded.reverse()];
  for (let i = 0; i < hops.length - 1; i++) if (!trust(hops[i], i)) return hops[i];
  return hops[hops.length - 1];
}

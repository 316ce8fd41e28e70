import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

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

/**
 * The network a client address is counted as by per-address limits: an IPv4 address alone (one
 * written as IPv4-mapped IPv6 in its IPv4 form), an IPv6 address by its /64, since one subscriber
 * is given a whole /64 and picks addresses within it at will (privacy addresses change daily), so
 * counting single IPv6 addresses would give one guesser billions of fresh allowances. Anything
 * else (not an address) is counted as it is written.
 */
export function clientNetwork(address: string): string {
  const ip = address.split('%')[0].toLowerCase();
  if (isIP(ip) !== 6) return ip;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (mapped) return mapped[1];
  const [head, tail = ''] = ip.split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  const written = [...groups(head), ...(ip.includes('::') ? Array(8 - groups(head).length - hextets(tail)).fill('0') : []), ...groups(tail)];
  return `${written.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}

/** Hextets a tail of an IPv6 address stands for (an embedded IPv4 address is two). */
function hextets(tail: string): number {
  if (!tail) return 0;
  const parts = tail.split(':');
  return parts.length + (parts[parts.length - 1].includes('.') ? 1 : 0);
}

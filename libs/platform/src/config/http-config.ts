import { isIP } from 'node:net';
import type { EnvReader } from './env-reader';

/**
 * Which proxies in front of this process are believed about the caller (Express's `trust proxy`):
 * `false` none (X-Forwarded-* ignored), `true` every hop (only when nothing reaches the app but
 * through proxies that overwrite the header), a hop count, or addresses, CIDR ranges and the names
 * `loopback`, `linklocal`, `uniquelocal`. Unset (null): the app's own default (`AppDefinition.trustProxy`).
 */
export type TrustProxy = boolean | number | string[];

const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/** TRUST_PROXY: `true`/`false`, a hop count (0..10), or a comma-separated list of addresses, CIDR ranges, loopback, linklocal, uniquelocal. */
export function readTrustProxy(r: EnvReader): TrustProxy | null {
  const raw = r.string('TRUST_PROXY', null)?.trim();
  if (raw === undefined || raw === null || raw === '') return null;
  const lower = raw.toLowerCase();
  if (['true', 'false'].includes(lower)) return lower === 'true';
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops <= 10) return hops;
  } else {
    const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
    if (items.length > 0 && items.every(isTrustedAddress)) return items.map((item) => (NAMED_RANGES.includes(item.toLowerCase()) ? item.toLowerCase() : item));
  }
  r.problems.push(
    `TRUST_PROXY must be true, false, a hop count 0..10, or a comma-separated list of IP addresses, CIDR ranges, loopback, linklocal, uniquelocal (got "${raw}")`,
  );
  return null;
}

function isTrustedAddress(item: string): boolean {
  if (NAMED_RANGES.includes(item.toLowerCase())) return true;
  const [address, prefix, ...rest] = item.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (family === 4 && isIP(prefix) === 4) return true; // a netmask, 10.0.0.0/255.0.0.0
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
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

/** Built-in TLS (TLS_CERT_FILE + TLS_KEY_FILE): the PEM certificate chain and its private key, read once at boot. */
export interface TlsConfig {
  cert: Buffer;
  key: Buffer;
  /** The leaf certificate's subject and expiry, for the start-up log line. */
  subject: string;
  validTo: string;
}

/**
 * TLS_CERT_FILE and TLS_KEY_FILE, both or neither: the files are read and checked here (a PEM
 * certificate, a PEM private key, and the key belonging to the certificate), so a wrong path or a
 * mismatched pair stops the start naming the variable, never printing the key.
 */
export function readTls(r: EnvReader): TlsConfig | null {
  const certFile = r.string('TLS_CERT_FILE', null);
  const keyFile = r.string('TLS_KEY_FILE', null);
  if (certFile === null && keyFile === null) return null;
  if (certFile === null || keyFile === null) {
    r.problems.push('TLS_CERT_FILE and TLS_KEY_FILE must be set together (built-in TLS), or neither (plain HTTP, e.g. behind a TLS proxy)');
    return null;
  }
  const cert = readPem(r, 'TLS_CERT_FILE', certFile);
  const key = readPem(r, 'TLS_KEY_FILE', keyFile);
  if (!cert || !key) return null;
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(cert);
  } catch {
    r.problems.push(`TLS_CERT_FILE must hold a PEM certificate (${certFile} does not)`);
    return null;
  }
  try {
    if (!leaf.checkPrivateKey(createPrivateKey(key))) {
      r.problems.push(`TLS_KEY_FILE is not the private key of the certificate in TLS_CERT_FILE (${keyFile}, ${certFile})`);
      return null;
    }
  } catch {
    r.problems.push(`TLS_KEY_FILE must hold an unencrypted PEM private key (${keyFile} does not)`);
    return null;
  }
  return { cert, key, subject: leaf.subject.replace(/\n/g, ', '), validTo: leaf.validTo };
}

function readPem(r: EnvReader, name: string, file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch (err) {
    r.problems.push(`${name} must name a readable file (${file}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    return null;
  }
}

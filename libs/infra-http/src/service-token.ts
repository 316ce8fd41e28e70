import { timingSafeEqual } from 'node:crypto';

/** Header carrying the shared SERVICE_TOKEN on internal calls between apps. */
export const SERVICE_TOKEN_HEADER = 'x-service-token';

/** Constant-time comparison; no configured token means no internal caller is trusted. */
export function isServiceToken(expected: string | null, presented: unknown): boolean {
  if (!expected || typeof presented !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

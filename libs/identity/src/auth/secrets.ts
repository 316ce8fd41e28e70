import { createHash, randomBytes } from 'node:crypto';

/** Opaque bearer secrets (refresh tokens, tickets): 256 random bits. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Stored form of an opaque token: enough to find it, useless if the table leaks. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

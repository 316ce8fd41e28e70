import { hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '@chat/platform';

/**
 * The signing secret: JWT_SECRET when set (required when apps are split, so they agree);
 * otherwise an embedded install generates one in DATA_DIR and keeps it, so tokens survive restarts.
 */
export function resolveJwtSecret(config: AppConfig): string {
  if (config.auth.jwtSecret) return config.auth.jwtSecret;
  const file = path.resolve(config.dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * A 32-byte key for one `purpose` (HKDF-SHA256 of the JWT secret): a secret every split app
 * already shares and an embedded install keeps, so keys derived from it need no setting of their
 * own, and none of them reveals the JWT secret or another purpose's key.
 */
export function keyFromJwtSecret(jwtSecret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', jwtSecret, '', purpose, 32));
}

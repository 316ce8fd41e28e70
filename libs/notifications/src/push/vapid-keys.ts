import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateVAPIDKeys } from 'web-push';
import type { AppConfig } from '@chat/platform';

/** The server's application-server key pair (RFC 8292), base64url. */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

export const VAPID_KEYS = Symbol('VAPID_KEYS');

/**
 * VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY when set; otherwise an embedded install generates a pair
 * in DATA_DIR and keeps it (browsers subscribe to one key, and a new key would orphan every
 * subscription). Split apps without the variables have no push: null.
 */
export function resolveVapidKeys(config: AppConfig): VapidKeys | null {
  const { vapidPublicKey, vapidPrivateKey } = config.notifications.push;
  if (vapidPublicKey && vapidPrivateKey) return { publicKey: vapidPublicKey, privateKey: vapidPrivateKey };
  if (config.mode !== 'embedded') return null;
  const file = path.resolve(config.dataDir, 'vapid-keys.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as VapidKeys;
  mkdirSync(path.dirname(file), { recursive: true });
  const keys = generateVAPIDKeys();
  writeFileSync(file, `${JSON.stringify({ publicKey: keys.publicKey, privateKey: keys.privateKey })}\n`, { mode: 0o600 });
  return { publicKey: keys.publicKey, privateKey: keys.privateKey };
}

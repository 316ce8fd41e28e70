import type { AppConfig } from '@chat/platform';
import { keyFromJwtSecret, resolveJwtSecret } from '../auth/jwt-secret';

/**
 * The keys of TOTP secrets, the sealing one first: MFA_SECRET_KEY when set; otherwise one derived
 * from the JWT secret, as media links' key is. Every split app already shares JWT_SECRET, and an
 * embedded install keeps the one it generated in DATA_DIR, so the derived key survives restarts
 * with no setting. With MFA_SECRET_KEY set the derived key still opens what it sealed before, so
 * setting it later locks nobody out (secrets move to it as they are used).
 *
 * Then the keys MFA_SECRET_KEY had before (MFA_SECRET_KEYS_PREVIOUS), so rotating it locks nobody
 * out either; they come before the derived key, which sealed only before any MFA_SECRET_KEY did
 * (with MFA_SECRET_KEY unset, the derived key seals and they follow it).
 */
export function resolveMfaSecretKeys(config: AppConfig): Buffer[] {
  const derived = keyFromJwtSecret(resolveJwtSecret(config), 'chat totp secrets v1');
  const { mfaSecretKey: current, mfaSecretKeysPrevious: previous } = config.auth;
  return current ? [current, ...previous, derived] : [derived, ...previous];
}

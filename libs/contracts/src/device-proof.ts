import type { DevicePublicJwk } from './e2ee';

/**
 * Device-bound refresh tokens (seed 003: proof of possession, in the spirit of DPoP). A login
 * (register, login, guest, SSO exchange, a new tenant's administrator) may send `deviceKey`, the
 * public half of an ECDSA P-256 key the device keeps unexportable; anything but a P-256 public JWK
 * is refused with 400 `VALIDATION_FAILED`. From then on `POST /v1/auth/refresh` for that login,
 * rotated tokens included, needs {@link DEVICE_PROOF_HEADER}: `<unix seconds>.<signature>`, the
 * signature (ECDSA P-256 with SHA-256, the 64-byte r‖s form WebCrypto gives, base64url) over
 * {@link deviceProofMessage}. A missing, wrong or stale proof (seconds more than
 * DEVICE_PROOF_MAX_AGE_SECONDS from the server's clock) is refused with 401
 * `DEVICE_PROOF_INVALID` and spends nothing: the token still works with a proof.
 */
export interface DeviceBoundLoginRequest {
  deviceKey?: DevicePublicJwk;
}

export const DEVICE_PROOF_HEADER = 'X-Device-Proof';

/** What a device proof signs: `tokenHash` is the SHA-256 of the refresh token, base64url without padding. */
export function deviceProofMessage(tokenHash: string, unixSeconds: number): string {
  return `chat-refresh-v1.${tokenHash}.${unixSeconds}`;
}

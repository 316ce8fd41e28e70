/**
 * End-to-end encrypted conversations (seed 003 R20). The server never sees a conversation key or
 * a message in clear: it stores device public keys, wrapped conversation keys (one envelope per
 * key version and recipient device) and ciphertext bodies, and checks only their shape.
 */

/** A message body in an E2EE conversation: JSON of this shape, `iv` and `ct` base64url (no padding). */
export interface CiphertextEnvelope {
  v: 1;
  /** The conversation key version the body was encrypted with; must be the conversation's current one. */
  keyVersion: number;
  /** AES-GCM nonce, 12 bytes. */
  iv: string;
  /** AES-256-GCM ciphertext with its 16-byte tag. */
  ct: string;
}

/**
 * A device's P-256 public key as a JWK (`kty: 'EC'`, `crv: 'P-256'`, `x`, `y`; never `d`): ECDH for
 * E2EE, ECDSA for a device-bound login (device-proof.ts).
 */
export interface DevicePublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

/** `PUT /v1/me/devices/:deviceId/e2ee-key` body. */
export interface RegisterDeviceKeyRequest {
  publicKey: DevicePublicJwk;
}

export interface DeviceKey {
  userId: string;
  deviceId: string;
  publicKey: DevicePublicJwk;
  /** When the device last registered this key (the web client does at every start). */
  createdAt: string;
}

/**
 * `GET /v1/me/devices`: my registered E2EE devices, most recently registered first. One is unlinked
 * with `DELETE /v1/me/devices/:deviceId` (`X-MFA-Code` with two-step login on): its key and every
 * envelope made for it are deleted, and each E2EE conversation whose current key it held needs a
 * new key version before the next send (`rotationRequired`), so it reads nothing sent after that.
 * The login the key was last registered from ends with it, as with `DELETE /v1/me/sessions/:id`
 * (its tokens answer 401 `TOKEN_REVOKED`, its sockets close), unless it is the caller's own login.
 */
export interface MyDevicesResponse {
  devices: DeviceKey[];
}

/** The E2EE state of a conversation, carried by `Conversation.e2ee` (absent for plaintext ones). */
export interface ConversationE2ee {
  /** The key version every send must name; 0 until the first key is distributed. */
  keyVersion: number;
  /** Membership changed since the current key was made (or none exists yet): sends are refused until a new version is distributed. */
  rotationRequired: boolean;
}

/** `GET /v1/conversations/:id/e2ee/devices`: every current member's registered device keys. */
export interface E2eeDevicesResponse {
  keyVersion: number;
  rotationRequired: boolean;
  devices: DeviceKey[];
}

/** A conversation key wrapped for one device: ECDH(ephemeral, device) → HKDF-SHA-256 → AES-GCM. */
export interface WrappedKey {
  recipientUserId: string;
  recipientDeviceId: string;
  /** The sender's ephemeral ECDH P-256 public key (JWK). */
  ephemeralPublicKey: DevicePublicJwk;
  /** base64url AES-GCM nonce (12 bytes). */
  iv: string;
  /** base64url AES-GCM ciphertext of the raw 32-byte conversation key. */
  wrappedKey: string;
}

/**
 * `POST /v1/conversations/:id/e2ee/keys`. `keyVersion` = current + 1 rotates (envelopes must cover
 * every current member device; the rotation flag clears); `keyVersion` = current adds envelopes
 * for devices that have none yet (a member's new device), never replacing one.
 */
export interface DistributeKeyRequest {
  keyVersion: number;
  senderDeviceId: string;
  envelopes: WrappedKey[];
}

export interface KeyEnvelope extends WrappedKey {
  keyVersion: number;
  senderUserId: string;
  senderDeviceId: string;
  createdAt: string;
}

/** `GET /v1/conversations/:id/e2ee/keys?deviceId=`: this device's envelopes, oldest version first. */
export interface MyKeyEnvelopesResponse {
  keyVersion: number;
  rotationRequired: boolean;
  envelopes: KeyEnvelope[];
}

/** `PUT /v1/me/e2ee-backup`: the device private key, encrypted by the client under a passphrase-derived key. */
export interface PutKeyBackupRequest {
  /** Opaque to the server (the SDK writes JSON with the KDF parameters, salt, iv and ciphertext). */
  blob: string;
}

/** `GET /v1/me/e2ee-backup`. `status: 'none'` means no choice made yet. */
export interface KeyBackupResponse {
  status: 'stored' | 'opted-out' | 'none';
  blob: string | null;
  updatedAt: string | null;
  /** Plain words on what the service can and cannot recover (R20.5); clients show it to the user. */
  recoveryNotice: string;
}

/** What the service can never do for E2EE conversations; every backup answer carries it. */
export const E2EE_RECOVERY_NOTICE =
  'Messages in end-to-end encrypted conversations can only be read with your device keys. The service never holds them in a readable form, so it cannot recover your history if you lose every device and have no key backup. A key backup is encrypted with your recovery passphrase; if you forget the passphrase, the backup cannot be opened by you or by us.';

import type { EnvReader } from './env-reader';

/** End-to-end encrypted conversations (seed 003 R20): the sizes the server accepts for what it stores but cannot read. */
export interface E2eeConfig {
  /** E2EE_MESSAGE_MAX_CHARS: a ciphertext envelope body (base64url grows the plaintext by a third). */
  messageMaxChars: number;
  /** E2EE_DEVICE_KEYS_MAX: registered device keys per user; one more answers 409 E2EE_DEVICE_KEYS_FULL. */
  deviceKeysMax: number;
  /** E2EE_ENVELOPE_MAX_CHARS: one wrapped conversation key (ephemeral key, nonce and ciphertext together). */
  envelopeMaxChars: number;
  /** E2EE_BACKUP_MAX_BYTES: the passphrase-encrypted key backup blob. */
  backupMaxBytes: number;
}

export function readE2ee(r: EnvReader): E2eeConfig {
  return {
    messageMaxChars: r.int('E2EE_MESSAGE_MAX_CHARS', 16_000, 64, 1_000_000),
    deviceKeysMax: r.int('E2EE_DEVICE_KEYS_MAX', 10, 1, 1000),
    envelopeMaxChars: r.int('E2EE_ENVELOPE_MAX_CHARS', 1024, 128, 65_536),
    backupMaxBytes: r.int('E2EE_BACKUP_MAX_BYTES', 8192, 256, 1_000_000),
  };
}

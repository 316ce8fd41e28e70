import { newClientMessageId } from '../message-outbox';

const KEY_PREFIX = 'chat.deviceId.v1.';

/**
 * This browser's device id for an account: the id its sockets name in the handshake and the one
 * its E2EE key is registered under, so it must stay the same across reloads and tabs (a new id
 * per page would be a new device, with no key for anything sent before). Kept per account, since
 * one browser may be used by several people.
 */
export function deviceIdFor(userId: string, storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage): string {
  const stored = storage.getItem(KEY_PREFIX + userId);
  if (stored && isDeviceId(stored)) return stored;
  const fresh = newClientMessageId();
  storage.setItem(KEY_PREFIX + userId, fresh);
  return fresh;
}

/** The handshake's rule for a device id (contracts/socket.ts): 1–64 of [A-Za-z0-9_-]. */
export function isDeviceId(value: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(value);
}

/** A key restored from a backup belongs to the device it was made on: this browser takes that id over. */
export function adoptDeviceId(userId: string, deviceId: string, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(KEY_PREFIX + userId, deviceId);
}

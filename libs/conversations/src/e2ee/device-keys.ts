import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, E2EE_RECOVERY_NOTICE, type DeviceKey, type DevicePublicJwk, type KeyBackupResponse } from '@chat/contracts';
import { DomainError, publicJwk } from '@chat/domain';
import { deviceKeyProblem, type Principal } from '@chat/identity';
import type { E2eeDeviceKeyEntity, E2eeKeyBackupEntity } from '@chat/persistence';
import { APP_CONFIG, ValidationError, type AppConfig } from '@chat/platform';
import { ConversationsRepository } from '../shared/conversations.repository';
import { DeviceRetirement } from './device-retirement';
import { E2eeKeysRepository } from './e2ee-keys.repository';

/** A user's own E2EE material: device public keys, and the key backup or the recorded choice to have none. */
@Injectable()
export class DeviceKeys {
  constructor(
    private readonly keys: E2eeKeysRepository,
    private readonly retirement: DeviceRetirement,
    private readonly conversations: ConversationsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The caller's login becomes the device's: unlinking the device ends it (DeviceUnlinking). The
   * same key again (a browser registers at every start, and after logging in anew) only binds it.
   * A different key under the id retires the old one first, as unlinking would, but only from the
   * login the old key was registered from or once that login has ended: otherwise any login of the
   * account could silently swap the key a device in use is sent, without the second factor
   * unlinking asks for.
   */
  async register({ tenantId, userId, sessionId }: Principal, deviceId: string, key: DevicePublicJwk): Promise<DeviceKey> {
    const problem = deviceKeyProblem(key);
    if (problem) throw new ValidationError([{ field: 'publicKey', problem }]);
    const publicKey = publicJwk(key);
    const { deviceKeysMax } = this.config.e2ee;
    await this.conversations.transaction(async (em) => {
      await this.keys.lockRegistrations(em, userId);
      if ((await this.keys.otherDevices(em, userId, deviceId)) >= deviceKeysMax) {
        throw new DomainError(ErrorCode.E2EE_DEVICE_KEYS_FULL, `You have ${deviceKeysMax} device keys already`, 'Unlink one you no longer use (DELETE /v1/me/devices/:deviceId), or register again under one of your existing device ids');
      }
      const held = await this.keys.registration(em, userId, deviceId);
      if (held && !samePoint(held.publicKey, publicKey)) {
        if (held.sessionId !== null && held.sessionId !== sessionId && held.loginInForce) {
          throw new DomainError(ErrorCode.E2EE_DEVICE_ID_TAKEN, 'Another of your logins registered a different key under this device id', 'Unlink that device first (DELETE /v1/me/devices/:deviceId), or register under a new device id');
        }
        await this.retirement.retire(em, tenantId, userId, deviceId);
      }
      await this.keys.putDeviceKey(em, tenantId, userId, sessionId, deviceId, publicKey);
    });
    return toDeviceKey((await this.keys.deviceKey(userId, deviceId))!);
  }

  async list({ userId }: Principal): Promise<DeviceKey[]> {
    return (await this.keys.userDevices(userId)).map(toDeviceKey);
  }

  async backup({ userId }: Principal): Promise<KeyBackupResponse> {
    return toBackup(await this.keys.backup(userId));
  }

  async putBackup({ tenantId, userId }: Principal, blob: string): Promise<KeyBackupResponse> {
    const max = this.config.e2ee.backupMaxBytes;
    if (Buffer.byteLength(blob) > max) throw new ValidationError([{ field: 'blob', problem: `must be at most ${max} bytes` }]);
    return toBackup(await this.keys.putBackup(tenantId, userId, blob));
  }

  /** Recorded, so a client knows the user chose to have no backup and took the notice in. */
  async optOut({ tenantId, userId }: Principal): Promise<KeyBackupResponse> {
    return toBackup(await this.keys.putBackup(tenantId, userId, null));
  }

  async deleteBackup({ userId }: Principal): Promise<void> {
    if (!(await this.keys.deleteBackup(userId))) throw new DomainError(ErrorCode.E2EE_BACKUP_NOT_FOUND, 'No key backup is stored', 'Nothing to delete');
  }
}

const samePoint = (a: DevicePublicJwk, b: DevicePublicJwk) => a.x === b.x && a.y === b.y;

function toDeviceKey(row: E2eeDeviceKeyEntity): DeviceKey {
  return { userId: row.userId, deviceId: row.deviceId, publicKey: publicJwk(row.publicKey), createdAt: row.createdAt.toISOString() };
}

function toBackup(row: E2eeKeyBackupEntity | null): KeyBackupResponse {
  const status = !row ? 'none' : row.optedOut ? 'opted-out' : 'stored';
  return { status, blob: row?.blob ?? null, updatedAt: row?.updatedAt.toISOString() ?? null, recoveryNotice: E2EE_RECOVERY_NOTICE };
}

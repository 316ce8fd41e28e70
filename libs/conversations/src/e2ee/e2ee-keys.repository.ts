import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { DevicePublicJwk } from '@chat/contracts';
import { ConversationKeyEnvelopeEntity, E2eeDeviceKeyEntity, E2eeKeyBackupEntity } from '@chat/persistence';

/** What unlinking a device changed: the conversations now owed a new key version, and the device's login. */
export interface UnlinkedDevice {
  rotating: string[];
  sessionId: string | null;
}

/** A device id's registered key, as registering another key under it must know. */
export interface DeviceRegistration {
  publicKey: DevicePublicJwk;
  sessionId: string | null;
  loginInForce: boolean;
}

/** Device public keys, wrapped conversation keys and key backups: stored as given, never readable here. */
@Injectable()
export class E2eeKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Holds the user's device registrations still while one is checked and written: two first
   * registrations at once must not both pass the count. NO KEY UPDATE, so inserts that only
   * reference the user (a membership, a message) are not blocked by it.
   */
  async lockRegistrations(em: EntityManager, userId: string): Promise<void> {
    await em.query(`SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE`, [userId]);
  }

  /** How many devices the user has registered besides this one. */
  async otherDevices(em: EntityManager, userId: string, deviceId: string): Promise<number> {
    const [{ others }] = await em.query(`SELECT count(*)::int AS others FROM e2ee_device_keys WHERE user_id = $1 AND device_id <> $2`, [userId, deviceId]);
    return others;
  }

  /** The key registered under this device id, and whether the login it was registered from is still in force. */
  async registration(em: EntityManager, userId: string, deviceId: string): Promise<DeviceRegistration | null> {
    const rows: DeviceRegistration[] = await em.query(
      `SELECT k.public_key AS "publicKey", k.session_id AS "sessionId", (s.id IS NOT NULL AND s.revoked_at IS NULL) AS "loginInForce"
         FROM e2ee_device_keys k LEFT JOIN auth_sessions s ON s.id = k.session_id
        WHERE k.user_id = $1 AND k.device_id = $2`,
      [userId, deviceId],
    );
    return rows[0] ?? null;
  }

  /** Registers the device's key, or binds an existing registration to this login (`sessionId`). */
  async putDeviceKey(em: EntityManager, tenantId: string, userId: string, sessionId: string, deviceId: string, publicKey: DevicePublicJwk): Promise<void> {
    await em.query(
      `INSERT INTO e2ee_device_keys (user_id, device_id, tenant_id, public_key, session_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id, device_id) DO UPDATE SET public_key = EXCLUDED.public_key, session_id = EXCLUDED.session_id, created_at = now()`,
      [userId, deviceId, tenantId, JSON.stringify(publicKey), sessionId],
    );
  }

  async deviceKey(userId: string, deviceId: string): Promise<E2eeDeviceKeyEntity | null> {
    return this.dataSource.getRepository(E2eeDeviceKeyEntity).findOneBy({ userId, deviceId });
  }

  /** A user's registered devices, most recently registered first. */
  userDevices(userId: string): Promise<E2eeDeviceKeyEntity[]> {
    return this.dataSource.getRepository(E2eeDeviceKeyEntity).find({ where: { userId }, order: { createdAt: 'DESC', deviceId: 'ASC' } });
  }

  /**
   * Deletes a device's key and every envelope made for it, and marks each E2EE conversation whose
   * current key it held as needing a new version; answers those conversations' ids and the login
   * the key was last registered from (null for keys from before that was recorded), or null when
   * the user has no such device. The user's E2EE conversations are locked first (in id order), as
   * distribution locks its one, so no distribution running meanwhile still wraps a key for the device.
   */
  async unlinkDevice(em: EntityManager, userId: string, deviceId: string): Promise<UnlinkedDevice | null> {
    await em.query(
      `SELECT c.id FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id AND m.user_id = $1
        WHERE c.e2ee ORDER BY c.id FOR UPDATE OF c`,
      [userId],
    );
    const [deleted]: [{ sessionId: string | null }[], number] = await em.query(
      `DELETE FROM e2ee_device_keys WHERE user_id = $1 AND device_id = $2 RETURNING session_id AS "sessionId"`,
      [userId, deviceId],
    );
    if (deleted.length === 0) return null;
    const [held]: [{ id: string }[], number] = await em.query(
      `UPDATE conversations c SET e2ee_rotation_required = true, updated_at = now()
        WHERE c.e2ee AND NOT c.e2ee_rotation_required AND c.deleted_at IS NULL
          AND EXISTS (SELECT 1 FROM conversation_key_envelopes e
                       WHERE e.conversation_id = c.id AND e.key_version = c.e2ee_key_version AND e.recipient_user_id = $1 AND e.recipient_device_id = $2)
        RETURNING c.id`,
      [userId, deviceId],
    );
    await em.query(`DELETE FROM conversation_key_envelopes WHERE recipient_user_id = $1 AND recipient_device_id = $2`, [userId, deviceId]);
    return { rotating: held.map((r) => r.id), sessionId: deleted[0].sessionId };
  }

  /** Every registered device of the conversation's current members. */
  async memberDevices(conversationId: string, em: EntityManager = this.dataSource.manager): Promise<E2eeDeviceKeyEntity[]> {
    return em
      .getRepository(E2eeDeviceKeyEntity)
      .createQueryBuilder('k')
      .innerJoin('conversation_members', 'm', 'm.user_id = k.user_id AND m.conversation_id = :conversationId', { conversationId })
      .orderBy('k.user_id')
      .addOrderBy('k.device_id')
      .getMany();
  }

  /** Inserts envelopes; one that exists for the same version and device is kept as it was. */
  async insertEnvelopes(em: EntityManager, rows: Omit<ConversationKeyEnvelopeEntity, 'createdAt'>[]): Promise<void> {
    if (rows.length === 0) return;
    await em.createQueryBuilder().insert().into(ConversationKeyEnvelopeEntity).values(rows).orIgnore().execute();
  }

  /** Recipient devices that hold an envelope of this version. */
  async envelopeHolders(em: EntityManager, conversationId: string, keyVersion: number): Promise<Set<string>> {
    const rows = await em.getRepository(ConversationKeyEnvelopeEntity).find({ where: { conversationId, keyVersion }, select: { recipientUserId: true, recipientDeviceId: true } });
    return new Set(rows.map((r) => deviceRef(r.recipientUserId, r.recipientDeviceId)));
  }

  envelopesFor(conversationId: string, userId: string, deviceId: string): Promise<ConversationKeyEnvelopeEntity[]> {
    return this.dataSource.getRepository(ConversationKeyEnvelopeEntity).find({ where: { conversationId, recipientUserId: userId, recipientDeviceId: deviceId }, order: { keyVersion: 'ASC' } });
  }

  backup(userId: string): Promise<E2eeKeyBackupEntity | null> {
    return this.dataSource.getRepository(E2eeKeyBackupEntity).findOneBy({ userId });
  }

  /** Stores the backup blob, or with `blob` null records the opt-out (which also drops a stored blob). */
  async putBackup(tenantId: string, userId: string, blob: string | null): Promise<E2eeKeyBackupEntity> {
    await this.dataSource.query(
      `INSERT INTO e2ee_key_backups (user_id, tenant_id, blob, opted_out) VALUES ($1, $2, $3::text, $3::text IS NULL)
       ON CONFLICT (user_id) DO UPDATE SET blob = EXCLUDED.blob, opted_out = EXCLUDED.opted_out, updated_at = now()`,
      [userId, tenantId, blob],
    );
    return (await this.backup(userId))!;
  }

  async deleteBackup(userId: string): Promise<boolean> {
    const result = await this.dataSource.getRepository(E2eeKeyBackupEntity).delete({ userId });
    return (result.affected ?? 0) > 0;
  }
}

/** One device of one user, as a set key. */
export const deviceRef = (userId: string, deviceId: string) => `${userId}/${deviceId}`;

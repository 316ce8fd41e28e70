import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DevicePublicJwk } from '@chat/contracts';

/** A device's ECDH P-256 public key; the private half never leaves the device (unless in the user's own encrypted backup). */
@Entity('e2ee_device_keys')
export class E2eeDeviceKeyEntity {
  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'e2ee_device_keys_pkey' }) userId: string;
  @PrimaryColumn('text', { name: 'device_id', primaryKeyConstraintName: 'e2ee_device_keys_pkey' }) deviceId: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('jsonb', { name: 'public_key' }) publicKey: DevicePublicJwk;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  /** The login (auth_sessions id) it was last registered from, which unlinking the device ends; null before migration 1802. */
  @Column('uuid', { name: 'session_id', nullable: true }) sessionId: string | null;
}

/** One conversation key version wrapped for one recipient device; the server cannot unwrap it. */
@Entity('conversation_key_envelopes')
@Index('conversation_key_envelopes_recipient', ['conversationId', 'recipientUserId', 'recipientDeviceId'])
export class ConversationKeyEnvelopeEntity {
  @PrimaryColumn('uuid', { name: 'conversation_id', primaryKeyConstraintName: 'conversation_key_envelopes_pkey' }) conversationId: string;
  @PrimaryColumn('integer', { name: 'key_version', primaryKeyConstraintName: 'conversation_key_envelopes_pkey' }) keyVersion: number;
  @PrimaryColumn('uuid', { name: 'recipient_user_id', primaryKeyConstraintName: 'conversation_key_envelopes_pkey' }) recipientUserId: string;
  @PrimaryColumn('text', { name: 'recipient_device_id', primaryKeyConstraintName: 'conversation_key_envelopes_pkey' }) recipientDeviceId: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'sender_user_id' }) senderUserId: string;
  @Column('text', { name: 'sender_device_id' }) senderDeviceId: string;
  @Column('jsonb', { name: 'ephemeral_public_key' }) ephemeralPublicKey: DevicePublicJwk;
  @Column('text') iv: string;
  @Column('text', { name: 'wrapped_key' }) wrappedKey: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
}

/** A user's key backup (an opaque passphrase-encrypted blob) or their recorded choice to have none. */
@Entity('e2ee_key_backups')
export class E2eeKeyBackupEntity {
  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'e2ee_key_backups_pkey' }) userId: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('text', { nullable: true }) blob: string | null;
  @Column('boolean', { name: 'opted_out', default: false }) optedOut: boolean;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}

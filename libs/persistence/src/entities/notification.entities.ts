import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './bigint-number.transformer';

/** A user's notification settings; users without a row have the defaults (@chat/domain). */
@Entity('notification_settings')
export class NotificationSettingsEntity {
  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'notification_settings_pkey' }) userId: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('boolean') push: boolean;
  @Column('boolean') email: boolean;
  @Column('text', { name: 'email_address', nullable: true }) emailAddress: string | null;
  @Column('boolean') channels: boolean;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
  /** When the owner entered the code mailed to `emailAddress`; null while unverified (and for addresses stored before verification). */
  @Column('timestamptz', { name: 'email_verified_at', nullable: true }) emailVerifiedAt: Date | null;
  /** The pending verification code's hash (never the code), its expiry, and the wrong tries spent on it. */
  @Column('text', { name: 'email_code_hash', nullable: true }) emailCodeHash: string | null;
  @Column('timestamptz', { name: 'email_code_expires_at', nullable: true }) emailCodeExpiresAt: Date | null;
  @Column('int', { name: 'email_code_attempts', default: 0 }) emailCodeAttempts: number;
}

/** A browser's Web Push subscription (RFC 8030 endpoint, RFC 8291 keys). */
@Entity('push_subscriptions')
@Index('push_subscriptions_endpoint', ['endpoint'], { unique: true })
@Index('push_subscriptions_user', ['tenantId', 'userId'])
export class PushSubscriptionEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'push_subscriptions_pkey' }) id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  /** The login that registered it, which it ends with; null for those registered before logins owned them. */
  @Column('uuid', { name: 'session_id', nullable: true }) sessionId: string | null;
  @Column('text') endpoint: string;
  @Column('text') p256dh: string;
  @Column('text') auth: string;
  /** The last registration; a browser re-registers its endpoint, and the least recently registered is evicted first. */
  @Column('timestamptz', { name: 'registered_at', default: () => 'now()' }) registeredAt: Date;
}

/** A notification waiting to go out: one message for one offline recipient. */
@Entity('notification_queue')
@Index('notification_queue_recipient_message', ['userId', 'messageId'], { unique: true })
@Index('notification_queue_due', ['dueAt'])
export class NotificationQueueEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'notification_queue_pkey' }) id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('uuid', { name: 'conversation_id' }) conversationId: string;
  @Column('uuid', { name: 'message_id' }) messageId: string;
  @Column('bigint', { transformer: bigintNumber }) seq: number;
  @Column('timestamptz', { name: 'message_created_at' }) messageCreatedAt: Date;
  /** When it may be sent; a claim pushes it out by the lease, a failure by the backoff. */
  @Column('timestamptz', { name: 'due_at' }) dueAt: Date;
  @Column('integer', { default: 0 }) attempts: number;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
}

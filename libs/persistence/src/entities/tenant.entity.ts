import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('tenants')
@Index('tenants_slug', ['slug'], { unique: true })
export class TenantEntity {
  @PrimaryColumn('uuid') id: string;
  /** How a login names its tenant (X-Tenant); unique across the install. */
  @Column('text') slug: string;
  @Column('text') name: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  /** Anyone who knows the tenant's name may register in it. */
  @Column('boolean', { name: 'open_registration', default: true }) openRegistration: boolean;
  /** Guests may log in (where the server takes guests at all: GUEST_LOGIN_ENABLED). */
  @Column('boolean', { name: 'guests_allowed', default: true }) guestsAllowed: boolean;
  /** Quota overrides (null: the configuration's default; 0: unlimited), read and written by TenantQuotas. */
  @Column('integer', { name: 'max_connections', nullable: true }) maxConnections: number | null;
  @Column('integer', { name: 'messages_per_minute', nullable: true }) messagesPerMinute: number | null;
  @Column('bigint', { name: 'media_quota_bytes', nullable: true }) mediaQuotaBytes: string | null;
  @Column('integer', { name: 'max_online_users', nullable: true }) maxOnlineUsers: number | null;
}

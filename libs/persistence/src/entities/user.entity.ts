import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { TenantRole } from '@chat/contracts';
import { bigintNumber } from './bigint-number.transformer';

@Entity('users')
@Index('users_tenant_username_key', ['tenantId', 'usernameKey'], { unique: true })
@Index('users_tenant_admins', ['tenantId'], { where: "tenant_role = 'admin'" })
// A tenant's people in id order (the tenant export pages through them).
@Index('users_tenant_id', ['tenantId', 'id'])
// Prefix search of people (GET /v1/users): text_pattern_ops indexes made by the migration, which TypeORM cannot describe.
@Index('users_username_prefix', { synchronize: false })
@Index('users_display_name_prefix', { synchronize: false })
export class UserEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('text') username: string;
  @Column('text', { name: 'username_key' }) usernameKey: string;
  @Column('text', { name: 'display_name' }) displayName: string;
  /** The person's picture (an http(s) URL) as the main service last said; null: none (see @chat/identity profile-source/). */
  @Column('text', { name: 'avatar_url', nullable: true }) avatarUrl: string | null;
  @Column('text', { name: 'password_hash', nullable: true }) passwordHash: string | null;
  @Column('boolean', { name: 'is_guest', default: false }) isGuest: boolean;
  /** The account's role in its tenant: `admin` or `member` (see @chat/identity TenantAdmins). */
  @Column('text', { name: 'tenant_role', default: 'member' }) tenantRole: TenantRole;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  /** Set while a tenant administrator's ban is on the account (see @chat/domain accountBanInForce). */
  @Column('timestamptz', { name: 'banned_at', nullable: true }) bannedAt: Date | null;
  /** When the ban ends; null with `bannedAt` set: until lifted. */
  @Column('timestamptz', { name: 'banned_until', nullable: true }) bannedUntil: Date | null;
  @Column('text', { name: 'ban_reason', nullable: true }) banReason: string | null;
  /** Set when the holder deleted the account (its personal data is gone; the row keeps its id for others' history). */
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt: Date | null;
  /** Set once every message of a deleted account is erased (@chat/privacy's sweeper looks for deleted accounts without it). */
  @Column('timestamptz', { name: 'messages_erased_at', nullable: true }) messagesErasedAt: Date | null;
  /** TOTP shared secret (base32): set at enrolment, in force from `mfaEnabledAt` (confirmed with a first code). */
  @Column('text', { name: 'mfa_secret', nullable: true }) mfaSecret: string | null;
  @Column('timestamptz', { name: 'mfa_enabled_at', nullable: true }) mfaEnabledAt: Date | null;
  /** The last time step whose code was accepted: a code is never accepted twice. */
  @Column('bigint', { name: 'mfa_used_step', nullable: true, transformer: bigintNumber }) mfaUsedStep: number | null;
  /** The account's language (@chat/contracts LOCALES) and IANA time zone; null: not chosen (see UserPreferences). */
  @Column('text', { nullable: true }) locale: string | null;
  @Column('text', { name: 'time_zone', nullable: true }) timeZone: string | null;
}

import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DevicePublicJwk } from '@chat/contracts';

/** One login: the family its refresh tokens rotate within and the id its access tokens carry. */
@Entity('auth_sessions')
@Index('auth_sessions_user', ['tenantId', 'userId'])
export class AuthSessionEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'user_id' }) userId: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt: Date | null;
  @Column('text', { name: 'revoked_reason', nullable: true }) revokedReason: string | null;
  /** The device it was made on, as its User-Agent and address said, so the holder can tell their logins apart. */
  @Column('text', { name: 'user_agent', nullable: true }) userAgent: string | null;
  @Column('text', { nullable: true }) ip: string | null;
  /** The last refresh (a login renews about every ACCESS_TOKEN_TTL_SECONDS while it is used). */
  @Column('timestamptz', { name: 'last_used_at', nullable: true }) lastUsedAt: Date | null;
  /** The ECDSA P-256 public key its refreshes must prove possession of; null: a bearer refresh token. */
  @Column('jsonb', { name: 'device_key', nullable: true }) deviceKey: DevicePublicJwk | null;
}

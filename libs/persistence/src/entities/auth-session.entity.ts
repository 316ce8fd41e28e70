import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

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
}

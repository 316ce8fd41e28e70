import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('refresh_tokens')
@Index('refresh_tokens_session', ['sessionId'])
export class RefreshTokenEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'session_id' }) sessionId: string;
  /** sha-256 of the token: a database leak does not leak usable tokens. */
  @Index('refresh_tokens_hash', { unique: true })
  @Column('text', { name: 'token_hash' })
  tokenHash: string;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'used_at', nullable: true }) usedAt: Date | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
}

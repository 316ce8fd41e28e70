import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ConversationType, Visibility } from '@chat/contracts';
import { bigintNumber } from './bigint-number.transformer';

/**
 * A create's fields normalised as they are stored, and its members (the creator included) as a digest
 * of their sorted ids: a retry with the same clientRequestId must ask for exactly this.
 */
export interface ConversationClientRequest {
  type: ConversationType;
  name: string | null;
  description: string | null;
  visibility: Visibility;
  e2ee: boolean;
  members: string;
}

@Entity('conversations')
// A tenant's conversations in id order (the tenant export pages through them).
@Index('conversations_tenant_id', ['tenantId', 'id'])
@Index('conversations_channel_name', ['tenantId', 'nameKey'], { unique: true, where: `type = 'channel' AND deleted_at IS NULL` })
@Index('conversations_direct_pair', ['tenantId', 'directKey'], { unique: true, where: `direct_key IS NOT NULL AND deleted_at IS NULL` })
// A retried create with the same clientRequestId answers the first one (migration 1797000000000 builds it CONCURRENTLY).
@Index('conversations_client_request', ['createdBy', 'clientRequestId'], { unique: true, where: `client_request_id IS NOT NULL` })
@Index('conversations_public', ['tenantId', 'nameKey'], { where: `type = 'channel' AND visibility = 'public' AND deleted_at IS NULL` })
export class ConversationEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('text') type: ConversationType;
  @Column('text', { nullable: true }) name: string | null;
  @Column('text', { name: 'name_key', nullable: true }) nameKey: string | null;
  @Column('text', { nullable: true }) description: string | null;
  @Column('text') visibility: Visibility;
  @Column('text', { name: 'direct_key', nullable: true }) directKey: string | null;
  @Column('uuid', { name: 'created_by' }) createdBy: string;
  /** The creator's `clientRequestId` (POST /v1/conversations), unique per creator; null when none was sent. */
  @Column('text', { name: 'client_request_id', nullable: true }) clientRequestId: string | null;
  /** What the create with that clientRequestId asked for (migration 1801352790000); null without one, and for rows made before. */
  @Column('jsonb', { name: 'client_request', nullable: true }) clientRequest: ConversationClientRequest | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
  @Column('timestamptz', { name: 'deleted_at', nullable: true }) deletedAt: Date | null;
  /** When its owner or an admin closed it (nothing sent, edited or reacted to until reopened); null while open. */
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt: Date | null;
  /** Highest seq handed out; incremented under the row lock, so seqs have no gaps. */
  @Column('bigint', { name: 'last_seq', default: 0, transformer: bigintNumber }) lastSeq: number;
  @Column('integer', { name: 'member_count', default: 0 }) memberCount: number;
  /** End-to-end encrypted: bodies are ciphertext envelopes the server cannot read (seed 003 R20). */
  @Column('boolean', { default: false }) e2ee: boolean;
  /** The key version every send must name; 0 until the first key is distributed. */
  @Column('integer', { name: 'e2ee_key_version', default: 0 }) e2eeKeyVersion: number;
  /** Membership changed since the current key was made: sends wait for the next version. */
  @Column('boolean', { name: 'e2ee_rotation_required', default: false }) e2eeRotationRequired: boolean;
}

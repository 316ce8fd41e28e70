import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './bigint-number.transformer';

/**
 * An upload the malware scan refused, held for the tenant's administrators (seed 003 R16.5): its
 * object stays at `storage_key`, which no `media` row names, so nothing serves it. It goes when an
 * administrator deletes it or MEDIA_QUARANTINE_DAYS after `quarantined_at` (MediaPurge).
 */
@Entity('media_quarantine')
@Index('media_quarantine_tenant', ['tenantId', 'id'])
export class MediaQuarantineEntity {
  /** The upload's own id (UUIDv7): newest first is descending id. */
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'media_quarantine_pkey' }) id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'uploader_id' }) uploaderId: string;
  @Column('text') name: string;
  @Column('text', { name: 'content_type' }) contentType: string;
  @Column('bigint', { transformer: bigintNumber }) size: number;
  /** What the scanner named (clamd's signature). */
  @Column('text') signature: string;
  @Column('text', { name: 'storage_key' }) storageKey: string;
  @Index('media_quarantine_age')
  @Column('timestamptz', { name: 'quarantined_at', default: () => 'now()' })
  quarantinedAt: Date;
}

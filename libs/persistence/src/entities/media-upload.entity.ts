import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An upload whose objects may be in the media storage without a `media` row naming them: written
 * before its bytes are stored, deleted in the transaction that inserts its row. What outlives
 * MEDIA_ABANDONED_UPLOAD_HOURS is an upload that never finished, and MediaPurge removes its objects.
 */
@Entity('media_uploads')
export class MediaUploadEntity {
  @PrimaryColumn('text', { name: 'storage_key', primaryKeyConstraintName: 'media_uploads_pkey' }) storageKey: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('timestamptz', { name: 'started_at', default: () => 'now()' }) startedAt: Date;
}

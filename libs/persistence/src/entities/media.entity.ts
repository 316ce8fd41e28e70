import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintNumber } from './bigint-number.transformer';

/**
 * One upload (`POST /v1/media`), inserted only after its bytes are durably in the storage, so a
 * row always has a complete file. Messages refer to it by id in their attachments.
 */
@Entity('media')
@Index('media_tenant_size', ['tenantId', 'size'])
@Index('media_purge_requested', ['purgeRequestedAt'], { where: 'purge_requested_at IS NOT NULL' })
export class MediaEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'media_pkey' }) id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('uuid', { name: 'uploader_id' }) uploaderId: string;
  @Column('text') name: string;
  @Column('text', { name: 'content_type' }) contentType: string;
  @Column('bigint', { transformer: bigintNumber }) size: number;
  /** Where the storage adapter keeps the bytes (and the preview, for images that have one). */
  @Column('text', { name: 'storage_key' }) storageKey: string;
  @Column('text', { name: 'thumbnail_key', nullable: true }) thumbnailKey: string | null;
  /** Audio: milliseconds, read from the file or (no reader for its type) as declared; null otherwise. */
  @Column('integer', { name: 'duration_ms', nullable: true }) durationMs: number | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  /** Set when its uploader's account was deleted: no longer served; the purge removes the objects, then the row. */
  @Column('timestamptz', { name: 'purge_requested_at', nullable: true }) purgeRequestedAt: Date | null;
}

/**
 * Which messages an upload is attached to (written with the message). When the last of them is
 * deleted, the upload is marked for purge: no longer served, and removed from the storage.
 */
@Entity('message_media')
@Index('message_media_media', ['mediaId'])
export class MessageMediaEntity {
  @PrimaryColumn('uuid', { name: 'message_id', primaryKeyConstraintName: 'message_media_pkey' }) messageId: string;
  @PrimaryColumn('uuid', { name: 'media_id', primaryKeyConstraintName: 'message_media_pkey' }) mediaId: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
}

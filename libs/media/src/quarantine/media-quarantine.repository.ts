import { Injectable } from '@nestjs/common';
import { DataSource, LessThan, type EntityManager } from 'typeorm';
import { EventName, type MediaQuarantinedPayload, type QuarantinedMedia } from '@chat/contracts';
import { MediaQuarantineEntity, OutboxWriter } from '@chat/persistence';
import { MediaRepository } from '../shared/media.repository';

/** The quarantine's rows (MediaQuarantineEntity); the objects they name are the caller's to remove. */
@Injectable()
export class MediaQuarantineRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly uploads: MediaRepository,
  ) {}

  /**
   * Holds a refused upload, in one transaction: its row, the end of its upload's note (so the
   * abandoned-upload sweep leaves its object alone) and the event that tells the administrators.
   * An id is held and told once: false, with nothing written, when another attempt at the same
   * pre-signed upload's id is held already (two at once; UploadMediaHandler refuses a held id
   * before storing anything for a later one), so its object is the caller's to remove.
   */
  async hold(entry: MediaQuarantineEntity, payload: MediaQuarantinedPayload): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      const inserted = await em.createQueryBuilder().insert().into(MediaQuarantineEntity).values(entry).orIgnore().returning(['id']).execute();
      if (inserted.raw.length === 0) return false;
      await this.uploads.forgetUploads(em, [entry.storageKey]);
      await this.outbox.append(em, [{ name: EventName.MediaQuarantined, tenantId: entry.tenantId, aggregateType: 'user', aggregateId: entry.uploaderId, payload }]);
      return true;
    });
  }

  countOf(tenantId: string, uploaderId: string): Promise<number> {
    return this.dataSource.getRepository(MediaQuarantineEntity).countBy({ tenantId, uploaderId });
  }

  find(tenantId: string, id: string): Promise<MediaQuarantineEntity | null> {
    return this.dataSource.getRepository(MediaQuarantineEntity).findOneBy({ tenantId, id });
  }

  /** Newest first, `limit` of them after `beforeId` (UUIDv7: by age). */
  page(tenantId: string, limit: number, beforeId: string | null): Promise<MediaQuarantineEntity[]> {
    return this.dataSource.getRepository(MediaQuarantineEntity).find({ where: { tenantId, ...(beforeId && { id: LessThan(beforeId) }) }, order: { id: 'DESC' }, take: limit });
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** One entry of the tenant's, locked in the caller's transaction until its object is removed and it is forgotten. */
  lockOne(em: EntityManager, tenantId: string, id: string): Promise<MediaQuarantineEntity | null> {
    return em.getRepository(MediaQuarantineEntity).findOne({ where: { tenantId, id }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * Up to `limit` entries due to go, locked in the caller's transaction (those another replica's
   * pass holds are skipped): held more than `days` by the database's clock, or uploaded by an
   * account since deleted, whose uploads go with it.
   */
  lockDue(em: EntityManager, days: number, limit: number): Promise<MediaQuarantineEntity[]> {
    return em
      .getRepository(MediaQuarantineEntity)
      .createQueryBuilder('q')
      .where(
        `q.quarantined_at < now() - make_interval(days => :days)
          OR EXISTS (SELECT 1 FROM users u WHERE u.tenant_id = q.tenant_id AND u.id = q.uploader_id AND u.deleted_at IS NOT NULL)`,
        { days },
      )
      .orderBy('q.quarantinedAt')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  async forget(em: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await em.createQueryBuilder().delete().from(MediaQuarantineEntity).whereInIds(ids).execute();
  }
}

export function toQuarantinedMedia(entry: MediaQuarantineEntity, uploaderName: string | null): QuarantinedMedia {
  const { id, uploaderId, name, contentType, size, signature, quarantinedAt } = entry;
  return { id, uploaderId, uploaderName, name, contentType, size, signature, quarantinedAt: quarantinedAt.toISOString() };
}

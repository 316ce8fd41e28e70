import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { MediaEntity } from '@chat/persistence';

/**
 * Media rows. A new row fits when the tenant's media stays within `quotaBytes` (0 = no quota). A
 * row marked for purge is no longer served or attachable, but still counts against the quota
 * until MediaPurge has removed its objects (the bytes are on the disk until then).
 */
@Injectable()
export class MediaRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Bytes of media the tenant keeps now. */
  async usedBytes(tenantId: string): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT COALESCE(SUM(size), 0)::text AS used FROM media WHERE tenant_id = $1`, [tenantId]);
    return Number(row.used);
  }

  /**
   * Inserts the row unless it would take the tenant past its quota (false then). Uploads of one
   * tenant take a transaction-scoped advisory lock for the check, so concurrent uploads cannot
   * each fit alone and overshoot together.
   */
  async insertWithinQuota(row: MediaEntity, quotaBytes: number): Promise<boolean> {
    if (quotaBytes === 0) {
      await this.dataSource.getRepository(MediaEntity).insert(row);
      return true;
    }
    return this.dataSource.transaction(async (em) => {
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('media-quota:' || $1))`, [row.tenantId]);
      const [{ used }] = await em.query(`SELECT COALESCE(SUM(size), 0)::text AS used FROM media WHERE tenant_id = $1`, [row.tenantId]);
      if (Number(used) + row.size > quotaBytes) return false;
      await em.getRepository(MediaEntity).insert(row);
      return true;
    });
  }

  findById(id: string): Promise<MediaEntity | null> {
    return this.dataSource.getRepository(MediaEntity).findOneBy({ id, purgeRequestedAt: IsNull() });
  }

  /** Those of `ids` that this user uploaded in this tenant. */
  findOwned(tenantId: string, uploaderId: string, ids: string[]): Promise<MediaEntity[]> {
    return this.dataSource.getRepository(MediaEntity).findBy({ tenantId, uploaderId, id: In(ids), purgeRequestedAt: IsNull() });
  }

  /**
   * Marks every upload of the account for purge, in the caller's transaction (its deletion): from
   * its commit the files are no longer served, and MediaPurge finds them by the mark however long
   * the storage takes, or whatever crashes, between the two.
   */
  async markUploadsForPurge(em: EntityManager, tenantId: string, uploaderId: string): Promise<void> {
    await em.getRepository(MediaEntity).update({ tenantId, uploaderId, purgeRequestedAt: IsNull() }, { purgeRequestedAt: () => 'now()' });
  }

  /**
   * In the transaction deleting these messages: forgets which uploads they carried and marks for
   * purge those no other message carries. Each upload is locked before its remaining carriers are
   * counted, and the count is a statement of its own (a fresh snapshot under READ COMMITTED), so of
   * two deletions racing for an upload's last two messages the later one sees the earlier's commit
   * and marks it. Answers the marked ids.
   */
  async releaseFromMessages(em: EntityManager, messageIds: readonly string[]): Promise<string[]> {
    const [released]: [{ media_id: string }[], number] = await em.query(`DELETE FROM message_media WHERE message_id = ANY($1::uuid[]) RETURNING media_id`, [messageIds]);
    const mediaIds = [...new Set(released.map((r) => r.media_id))];
    if (mediaIds.length === 0) return [];
    await em.query(`SELECT 1 FROM media WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [mediaIds]);
    const [marked]: [{ id: string }[], number] = await em.query(
      `UPDATE media SET purge_requested_at = now()
        WHERE id = ANY($1::uuid[]) AND purge_requested_at IS NULL AND NOT EXISTS (SELECT 1 FROM message_media mm WHERE mm.media_id = media.id)
        RETURNING id`,
      [mediaIds],
    );
    return marked.map((r) => r.id);
  }

  /**
   * Whether an upload with an id in [`afterId`, `beforeId`) that no message carries may be left
   * unmarked: a read without locks, so a pass with nothing to mark never takes the lock below.
   */
  async anyUnattached(afterId: string, beforeId: string): Promise<boolean> {
    const rows = await this.dataSource.query(
      `SELECT 1 FROM media WHERE id >= $1::uuid AND id < $2::uuid AND purge_requested_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM message_media mm WHERE mm.media_id = media.id) LIMIT 1`,
      [afterId, beforeId],
    );
    return rows.length > 0;
  }

  /**
   * Marks for purge up to `limit` uploads with ids in [`afterId`, `beforeId`) that no message
   * carries, in id order; answers the marked ids. Ids are UUIDv7 drawn as the upload began (with
   * `created_at`), so an id range is an age range the primary key finds. Rows another transaction holds (a deletion releasing them,
   * another replica's sweep, the purge) are skipped: whoever holds one decides it.
   *
   * The race with a send attaching the upload: the send checks the upload in `resolve`, outside
   * any transaction, and its append statement then inserts `message_media` only for uploads still
   * unmarked in that statement's snapshot (MessagesRepository.append). Here `message_media` is
   * locked SHARE before the uploads are read, until the marks commit. SHARE conflicts with the
   * ROW EXCLUSIVE lock an append takes to insert, and a statement's table locks are taken before
   * its snapshot, so either
   * - the append holds the table first: this waits for its commit and, reading after it, sees the
   *   upload carried and leaves it (the send wins); or
   * - this holds it first: the append waits for the marks' commit, its snapshot has the mark, and
   *   it refuses the message, which the send answers 400 VALIDATION_FAILED ("must be the id of a
   *   file you uploaded"), as for any upload that is not there.
   * No message can name an upload marked here. `lock_timeout` keeps a pass from queueing every
   * send behind it while a long deletion holds the table: the pass gives up (lock_not_available,
   * SQLSTATE 55P03) and the next one tries again.
   */
  markUnattachedForPurge(afterId: string, beforeId: string, limit: number): Promise<string[]> {
    return this.dataSource.transaction(async (em) => {
      await em.query(`SET LOCAL lock_timeout = '200ms'`);
      await em.query(`LOCK TABLE message_media IN SHARE MODE`);
      const [marked]: [{ id: string }[], number] = await em.query(
        `WITH unattached AS (
           SELECT id FROM media
            WHERE id >= $1::uuid AND id < $2::uuid AND purge_requested_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM message_media mm WHERE mm.media_id = media.id)
            ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
         UPDATE media SET purge_requested_at = now() FROM unattached u WHERE media.id = u.id RETURNING media.id`,
        [afterId, beforeId, limit],
      );
      return marked.map((r) => r.id).sort();
    });
  }

  /** Up to `limit` rows marked for purge, oldest mark first, locked; rows another purge holds are skipped. */
  lockMarkedForPurge(em: EntityManager, limit: number): Promise<Pick<MediaEntity, 'id' | 'storageKey' | 'thumbnailKey'>[]> {
    return em.query(
      `SELECT id, storage_key AS "storageKey", thumbnail_key AS "thumbnailKey" FROM media
        WHERE purge_requested_at IS NOT NULL ORDER BY purge_requested_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async deleteRows(em: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await em.getRepository(MediaEntity).delete({ id: In([...ids]) });
  }

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { MediaEntity, MediaUploadEntity } from '@chat/persistence';
import { attachableSql } from './upload-expiry';

/** How insertWithinQuota ended: the row is in, or nothing was written (past the quota; the id's row is another attempt's). */
export type Insertion = 'inserted' | 'over-quota' | 'taken';

/** An upload its uploader names in a message being sent: `expired` when it may no longer be attached (attachableSql). */
export type OwnedUpload = MediaEntity & { expired: boolean };

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
   * Notes an upload under way before its first byte is stored (MediaUploadEntity). Every attempt
   * has a storage key of its own (UploadMediaHandler), so a key is noted once.
   */
  async beginUpload(storageKey: string, tenantId: string): Promise<void> {
    await this.dataSource.query(`INSERT INTO media_uploads (storage_key, tenant_id) VALUES ($1, $2)`, [storageKey, tenantId]);
  }

  /**
   * Inserts the row and with it ends its upload (beginUpload): a row and its upload's note never
   * exist apart. Nothing is written when the row would take the tenant past its quota, or when
   * another attempt at the same reserved id (a retried PUT to an upload URL, on another replica)
   * inserted its row first: the primary key decides which attempt is the file, and the loser's
   * note stays until its caller has removed its objects. Uploads of one tenant take a
   * transaction-scoped advisory lock for the quota check, so concurrent uploads cannot each fit
   * alone and overshoot together; a row already under this id is left out of the sum, so a loser
   * learns it lost rather than that the winner filled the quota.
   */
  async insertWithinQuota(row: MediaEntity, quotaBytes: number): Promise<Insertion> {
    return this.dataSource.transaction(async (em) => {
      if (quotaBytes > 0) {
        await em.query(`SELECT pg_advisory_xact_lock(hashtext('media-quota:' || $1))`, [row.tenantId]);
        const [{ used }] = await em.query(`SELECT COALESCE(SUM(size), 0)::text AS used FROM media WHERE tenant_id = $1 AND id <> $2`, [row.tenantId, row.id]);
        if (Number(used) + row.size > quotaBytes) return 'over-quota';
      }
      // The primary key is the table's one unique constraint: a conflict is another attempt's row.
      const inserted = await em.createQueryBuilder().insert().into(MediaEntity).values(row).orIgnore().returning(['id']).execute();
      if (inserted.raw.length === 0) return 'taken';
      await em.getRepository(MediaUploadEntity).delete({ storageKey: row.storageKey });
      return 'inserted';
    });
  }

  /**
   * Up to `limit` uploads begun more than `hours` ago (by the database's clock) that never got
   * their row, locked in the caller's transaction; rows another replica's pass holds are skipped.
   */
  async lockAbandonedUploads(em: EntityManager, hours: number, limit: number): Promise<string[]> {
    const rows: { storage_key: string }[] = await em.query(
      `SELECT storage_key FROM media_uploads WHERE started_at < now() - make_interval(hours => $1) ORDER BY started_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [hours, limit],
    );
    return rows.map((r) => r.storage_key);
  }

  async forgetUploads(em: EntityManager, storageKeys: readonly string[]): Promise<void> {
    if (storageKeys.length > 0) await em.getRepository(MediaUploadEntity).delete({ storageKey: In(storageKeys as string[]) });
  }

  findById(id: string): Promise<MediaEntity | null> {
    return this.dataSource.getRepository(MediaEntity).findOneBy({ id, purgeRequestedAt: IsNull() });
  }

  /**
   * Those of `ids` that this user uploaded in this tenant and that are not marked for purge, each
   * saying whether it has expired, by the rule and the clock the send statement applies again.
   */
  async findOwned(tenantId: string, uploaderId: string, ids: string[], ttlHours: number): Promise<OwnedUpload[]> {
    const { entities, raw } = await this.dataSource
      .getRepository(MediaEntity)
      .createQueryBuilder('md')
      .addSelect(`NOT ${attachableSql('CAST(:ttlHours AS int)')}`, 'expired')
      .where('md.tenant_id = :tenantId AND md.uploader_id = :uploaderId AND md.id = ANY(:ids) AND md.purge_requested_at IS NULL', { tenantId, uploaderId, ids, ttlHours })
      .getRawAndEntities<{ md_id: string; expired: boolean }>();
    const expired = new Set(raw.filter((r) => r.expired).map((r) => r.md_id));
    return entities.map((m) => Object.assign(m, { expired: expired.has(m.id) }));
  }

  /** The database's clock `hours` and `minutes` ago: the clock the send statement reads uploads' ages by. */
  async clockMinus(hours: number, minutes: number): Promise<Date> {
    const [row] = await this.dataSource.query(`SELECT now() - make_interval(hours => $1, mins => $2) AS at`, [hours, minutes]);
    return row.at;
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
   * The lowest id in [`afterId`, `beforeId`) of an upload no message carries and not yet marked, or
   * null: a read without locks, so a pass with nothing to mark never takes the lock below, and one
   * that had to skip a held row learns where to start next.
   */
  async firstUnattached(afterId: string, beforeId: string): Promise<string | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM media WHERE id >= $1::uuid AND id < $2::uuid AND purge_requested_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM message_media mm WHERE mm.media_id = media.id) ORDER BY id LIMIT 1`,
      [afterId, beforeId],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Marks for purge up to `limit` uploads with ids in [`afterId`, `beforeId`) that no message
   * carries, in id order; answers the marked ids. Ids are UUIDv7 drawn as the upload began (with
   * `created_at`), so an id range is an age range the primary key finds. Rows another transaction
   * holds (a deletion releasing them, another replica's sweep, a send attaching them) are skipped:
   * a deletion or a sweep decides the row, a send that commits carries it, and one that fails
   * decides nothing, which is why MediaPurge starts its next pass at the first row still left.
   *
   * No lock keeps sends out meanwhile; time does. The send statement (MessagesRepository.append)
   * stores a message only if each upload it names is carried by a message or younger than
   * MEDIA_UNATTACHED_TTL_HOURS at its `now()` (attachableSql), and MediaPurge passes a `beforeId`
   * MEDIA_UNATTACHED_GRACE_MINUTES older than that, by the same database clock (an id's time is its
   * `created_at` within a millisecond). So a send that found the upload young began more than the
   * grace before this statement, and has committed long since (a send is one autocommit statement,
   * held only by row locks): its `message_media` row is in this statement's snapshot and the upload
   * stays. A send that begins later finds the upload expired and refuses it (400
   * VALIDATION_FAILED, "has expired"). Should a send ever run longer than the grace, its lock on
   * the upload (it locks each one FOR SHARE once its conversations are locked) still covers it:
   * held, this skips the upload; taken after this mark, the send reads the row's latest version,
   * finds the mark and refuses the message. Only a send committing inside this statement's own
   * scan, after it began, would slip between the two.
   */
  async markUnattachedForPurge(afterId: string, beforeId: string, limit: number): Promise<string[]> {
    const [marked]: [{ id: string }[], number] = await this.dataSource.query(
      `WITH unattached AS (
         SELECT id FROM media
          WHERE id >= $1::uuid AND id < $2::uuid AND purge_requested_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM message_media mm WHERE mm.media_id = media.id)
          ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
       UPDATE media SET purge_requested_at = now() FROM unattached u WHERE media.id = u.id RETURNING media.id`,
      [afterId, beforeId, limit],
    );
    return marked.map((r) => r.id).sort();
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

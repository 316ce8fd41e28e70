import { Inject, Injectable, Logger } from '@nestjs/common';
import { idFloor } from '@chat/domain';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, PeriodicJob, inBatches, type AppConfig } from '@chat/platform';
import { MediaQuarantineRepository } from '../quarantine/media-quarantine.repository';
import { MediaRepository } from '../shared/media.repository';
import { previewKeyOf } from '../shared/preview-key';
import { MEDIA_STORAGE, type MediaStorage } from '../storage/media-storage.port';

/** How soon marked uploads are removed (an account deletion's files are unreachable from its commit). */
const PASS_INTERVAL_MS = 60_000;
/** Uploads per transaction: their rows stay locked while their objects are removed (and per marking statement). */
const BATCH = 100;
/** The lowest UUIDv7: where the first pass of a process starts looking for unattached uploads. */
const FIRST_ID = idFloor(new Date(0));

/**
 * Removes the stored objects of uploads marked for purge (an account deletion marks its uploads in
 * its transaction), then their rows. It runs here, beside the storage, rather than in the account
 * erasure sweeper: `MediaStorage` is provided only where `MediaModule` runs (all-in-one, the media
 * app), and when split the bytes are on the media app's volume, which the command app, where that
 * sweeper runs, cannot reach. The mark is what makes it crash-safe: a row is deleted only after
 * its objects are gone, in the transaction that holds it, so whatever fails in between leaves the
 * mark for the next pass (removing an object that is already gone is no error). `SKIP LOCKED`
 * lets media replicas sharing a volume purge side by side.
 *
 * Each pass first marks uploads no message carries once they are MEDIA_UNATTACHED_TTL_HOURS and
 * MEDIA_UNATTACHED_GRACE_MINUTES old (a client that uploaded and then gave up the message would
 * otherwise keep the file, and spend the tenant's quota, for ever), so the same removal takes them;
 * sends refuse them from the TTL on, and the grace is what lets the marking go without a lock
 * (MediaRepository.markUnattachedForPurge). Ids are UUIDv7, so the primary key
 * walks uploads by age; what is older than the last pass's bound was decided then (carried uploads
 * are marked by the deletion that releases them), so a pass reads only the uploads that came of age
 * since, and a process's first pass all of them. The one exception is an upload the marking skipped
 * because a send held it: the next pass starts at it (see markUnattached). Bytes count against the
 * tenant's quota (and its stored usage) by the rows, so the purge frees them. Nothing else keeps an upload's id: avatars, business
 * logos and E2EE messages have no uploads (E2EE messages take no attachments), and `message_media`
 * is the one table naming uploads.
 *
 * Each pass also removes what the quarantine held MEDIA_QUARANTINE_DAYS, and what it holds of an
 * account since deleted (MediaQuarantine).
 */
@Injectable()
export class MediaPurge extends PeriodicJob {
  private readonly logger = new Logger(MediaPurge.name);
  /** Every upload with a lower id was decided by an earlier pass: carried by a message, or marked (see the class and markUnattached). */
  private unattachedFrom = FIRST_ID;

  constructor(
    private readonly media: MediaRepository,
    private readonly quarantine: MediaQuarantineRepository,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(PASS_INTERVAL_MS);
  }

  protected override runOnce(): Promise<unknown> {
    return this.sweep();
  }

  /**
   * Marks the uploads left unattached past their time, then purges every marked upload; answers how
   * many went. Rejects when an object could not be removed (its mark stays).
   */
  async sweep(): Promise<number> {
    await this.markUnattached();
    const purged = await inBatches(BATCH, () => this.purgeBatch());
    await inBatches(BATCH, () => this.removeAbandonedBatch());
    await inBatches(BATCH, () => this.removeExpiredQuarantineBatch());
    return purged;
  }

  /**
   * Removes the objects of uploads that began MEDIA_ABANDONED_UPLOAD_HOURS ago and never got their
   * row (MediaRepository.beginUpload): a process that died between storing the bytes and the row, a
   * refused upload whose cleanup failed, or a write the store carried out after the upload gave up
   * on it. Crash-safe like the purge: an upload is forgotten only after its objects are gone.
   */
  private async removeAbandonedBatch(): Promise<number> {
    const hours = this.config.media.abandonedUploadHours;
    const removed = await this.removeBatch(
      (em) => this.media.lockAbandonedUploads(em, hours, BATCH),
      (key) => [previewKeyOf(key), key],
      (em, keys) => this.media.forgetUploads(em, keys),
      "abandoned uploads' objects",
    );
    if (removed > 0) this.logger.warn({ removed, olderThanHours: hours }, 'Objects of uploads that never finished removed');
    return removed;
  }

  /** Removes what the quarantine has held MEDIA_QUARANTINE_DAYS, or holds of a deleted account's, object then entry, like the rest. */
  private async removeExpiredQuarantineBatch(): Promise<number> {
    const days = this.config.media.quarantineDays;
    const removed = await this.removeBatch(
      (em) => this.quarantine.lockDue(em, days, BATCH),
      (entry) => [entry.storageKey],
      (em, entries) => this.quarantine.forget(em, entries.map((e) => e.id)),
      "quarantined uploads' objects",
    );
    if (removed > 0) this.logger.log({ removed, olderThanDays: days }, 'Quarantined uploads past MEDIA_QUARANTINE_DAYS or of deleted accounts removed');
    return removed;
  }

  /**
   * One crash-safe batch: locks up to BATCH entries in a transaction, removes each one's objects in
   * the order given, and forgets, in that transaction, those whose objects are all gone. One object
   * the storage refuses keeps its entry for the next pass without holding up the others; the batch
   * then rejects. Removing an object that is already gone is no error.
   */
  private async removeBatch<T>(lock: (em: EntityManager) => Promise<T[]>, objectsOf: (entry: T) => string[], forget: (em: EntityManager, gone: T[]) => Promise<void>, what: string): Promise<number> {
    const failures: unknown[] = [];
    const removed = await this.media.transaction(async (em) => {
      const gone: T[] = [];
      for (const entry of await lock(em)) {
        try {
          for (const key of objectsOf(entry)) await this.storage.remove(key);
          gone.push(entry);
        } catch (err) {
          failures.push(err);
        }
      }
      await forget(em, gone);
      return gone.length;
    });
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} ${what} could not be removed; the next pass retries`);
    return removed;
  }

  /** Marks for purge the uploads no message carries begun before MEDIA_UNATTACHED_TTL_HOURS and the grace; answers how many. */
  async markUnattached(): Promise<number> {
    const { unattachedTtlHours: hours, unattachedGraceMinutes: graceMinutes } = this.config.media;
    if (hours === 0) return 0;
    // An upload's age is its id's (UUIDv7, drawn with its created_at, which the send compares), by
    // the database's clock, as the send statement reads it: those begun before this are due.
    const beforeId = idFloor(await this.media.clockMinus(hours, graceMinutes));
    if (this.unattachedFrom >= beforeId) return 0;
    const start = await this.media.firstUnattached(this.unattachedFrom, beforeId);
    let total = 0;
    for (let from = start; from; ) {
      const marked = await this.media.markUnattachedForPurge(from, beforeId, BATCH);
      total += marked.length;
      from = marked.length < BATCH ? null : marked[marked.length - 1];
    }
    // The marking skips rows another transaction holds, and a send holds each upload it attaches
    // (FOR SHARE) until it commits. Should it fail instead, the upload is left unattached with
    // nothing else to mark it, so the next pass must not start past it: it starts at the first
    // upload still unmarked and uncarried (a lock-free read, in which one the send did carry no
    // longer counts, so the cursor moves on once it has committed). Restarting every pass from the
    // lowest id would find the same ones, at the price of reading every upload each minute.
    this.unattachedFrom = (start && (await this.media.firstUnattached(start, beforeId))) ?? beforeId;
    if (total > 0) this.logger.log({ marked: total, olderThanHours: hours, graceMinutes }, 'Uploads no message carries marked for purge');
    return total;
  }

  private purgeBatch(): Promise<number> {
    return this.removeBatch(
      (em) => this.media.lockMarkedForPurge(em, BATCH),
      // The preview first: a crash between the two leaves the original, which the row still names.
      (row) => (row.thumbnailKey ? [row.thumbnailKey, row.storageKey] : [row.storageKey]),
      (em, rows) => this.media.deleteRows(em, rows.map((r) => r.id)),
      'stored media objects',
    );
  }
}

import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { every, inBatches } from '@chat/platform';
import { MediaRepository } from '../shared/media.repository';
import { MEDIA_STORAGE, type MediaStorage } from '../storage/media-storage.port';

/** How soon marked uploads are removed (an account deletion's files are unreachable from its commit). */
const PASS_INTERVAL_MS = 60_000;
/** Uploads per transaction: their rows stay locked while their objects are removed. */
const BATCH = 100;

/**
 * Removes the stored objects of uploads marked for purge (an account deletion marks its uploads in
 * its transaction), then their rows. It runs here, beside the storage, rather than in the account
 * erasure sweeper: `MediaStorage` is provided only where `MediaModule` runs (all-in-one, the media
 * app), and when split the bytes are on the media app's volume, which the command app, where that
 * sweeper runs, cannot reach. The mark is what makes it crash-safe: a row is deleted only after
 * its objects are gone, in the transaction that holds it, so whatever fails in between leaves the
 * mark for the next pass (removing an object that is already gone is no error). `SKIP LOCKED`
 * lets media replicas sharing a volume purge side by side.
 */
@Injectable()
export class MediaPurge implements OnApplicationBootstrap, OnModuleDestroy {
  private stop: (() => Promise<void>) | null = null;

  constructor(
    private readonly media: MediaRepository,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
  ) {}

  onApplicationBootstrap(): void {
    this.stop = every(PASS_INTERVAL_MS, MediaPurge.name, async () => {
      await this.sweep();
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop?.();
  }

  /** Purges every marked upload; answers how many went. Rejects when an object could not be removed (its mark stays). */
  sweep(): Promise<number> {
    return inBatches(BATCH, () => this.purgeBatch());
  }

  private async purgeBatch(): Promise<number> {
    const failures: unknown[] = [];
    const purged = await this.media.transaction(async (em) => {
      const gone: string[] = [];
      for (const row of await this.media.lockMarkedForPurge(em, BATCH)) {
        try {
          // The preview first: a crash between the two leaves the original, which the row still names.
          if (row.thumbnailKey) await this.storage.remove(row.thumbnailKey);
          await this.storage.remove(row.storageKey);
          gone.push(row.id);
        } catch (err) {
          // One object the storage refuses must not keep the others of the batch: they go, it waits.
          failures.push(err);
        }
      }
      await this.media.deleteRows(em, gone);
      return gone.length;
    });
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} stored media objects could not be removed; the next pass retries`);
    return purged;
  }
}

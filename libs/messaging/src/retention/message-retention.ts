import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, PeriodicJob, inBatches, type AppConfig } from '@chat/platform';
import { MessagesRepository } from '../shared/messages.repository';
import { Tombstones } from '../shared/tombstones';

const PASS_INTERVAL_MS = 3_600_000;
/** Messages per transaction, so a pass never holds a long one however much is due. */
const BATCH = 500;

/**
 * The message retention policy (seed 004, req. 1.5–1.6; seed 003, req. 11.3), hourly where
 * commands run: messages older than MESSAGE_RETENTION_DAYS become tombstones, exactly as a
 * deletion by their sender would (`message.deleted`, `deletedBy` null: every projection, search
 * index and screen follows); tombstones deleted more than MESSAGE_PURGE_AFTER_DAYS ago are removed
 * for good. Both 0 by default: messages are kept forever unless an operator sets a policy.
 */
@Injectable()
export class MessageRetention extends PeriodicJob {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly tombstones: Tombstones,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // Off while neither policy is set.
    super(config.retention.messageDays === 0 && config.retention.purgeAfterDays === 0 ? null : PASS_INTERVAL_MS);
  }

  protected override runOnce(): Promise<unknown> {
    return this.apply();
  }

  /** One pass: answers how many messages were deleted and how many tombstones purged. */
  async apply(now = new Date()): Promise<{ deleted: number; purged: number }> {
    const { messageDays, purgeAfterDays } = this.config.retention;
    let deleted = 0;
    let purged = 0;
    if (messageDays > 0) deleted = await inBatches(BATCH, () => this.deleteExpired(daysBefore(now, messageDays)));
    if (purgeAfterDays > 0) purged = await inBatches(BATCH, () => this.messages.purgeTombstones(daysBefore(now, purgeAfterDays), BATCH));
    return { deleted, purged };
  }

  private deleteExpired(cutoff: Date): Promise<number> {
    return this.messages.transaction(async (em) => {
      const rows = await this.messages.expiredMessages(em, cutoff, BATCH);
      await this.tombstones.make(em, rows, null);
      return rows.length;
    });
  }
}

function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

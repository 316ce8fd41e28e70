import { Inject, Injectable, Logger } from '@nestjs/common';
import { DeadLetterRepository } from '@chat/persistence';
import { APP_CONFIG, PeriodicJob, type AppConfig } from '@chat/platform';

const PRUNE_INTERVAL_MS = 3_600_000;

/**
 * Deletes dead letters replayed more than DEAD_LETTER_RETENTION_DAYS ago, hourly. Pending letters
 * are never deleted: they wait for an operator. Every replica may run it (a DELETE by age is
 * idempotent, and the table holds only failures).
 */
@Injectable()
export class DeadLetterRetentionJob extends PeriodicJob {
  private readonly logger = new Logger(DeadLetterRetentionJob.name);

  constructor(
    private readonly deadLetters: DeadLetterRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(PRUNE_INTERVAL_MS);
  }

  protected override runOnce(): Promise<unknown> {
    return this.prune();
  }

  async prune(): Promise<number> {
    const deleted = await this.deadLetters.pruneReplayed(this.config.consumers.retentionDays);
    if (deleted > 0) this.logger.log({ event: 'consumer.dead_letters_pruned', deleted, retentionDays: this.config.consumers.retentionDays }, 'Replayed dead letters pruned');
    return deleted;
  }
}

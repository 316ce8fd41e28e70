import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, PeriodicJob, type AppConfig } from '@chat/platform';
import { exclusivePass } from '../exclusive-pass';
import { MessagePartitions } from './message-partitions';

const KEEP_INTERVAL_MS = 3_600_000;

/**
 * Keeps MESSAGE_PARTITIONS_AHEAD monthly partitions of a partitioned `messages` created ahead
 * (MessagePartitions), so a send never meets a month without one: at start, before the process
 * serves (a process started after a long stop catches up first), then hourly, one replica at a time.
 * A send past the newest partition would fail, so every process that uses the database runs it.
 */
@Injectable()
export class MessagePartitionKeeper extends PeriodicJob {
  private readonly logger = new Logger(MessagePartitionKeeper.name);
  private readonly partitions: MessagePartitions;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(KEEP_INTERVAL_MS);
    this.partitions = new MessagePartitions(dataSource);
  }

  override async onApplicationBootstrap(): Promise<void> {
    await this.runOnce();
    super.onApplicationBootstrap();
  }

  protected override async runOnce(): Promise<void> {
    const added = await exclusivePass(this.dataSource, 'message-partitions', () => this.partitions.keepAhead(new Date(), this.config.database.messagePartitionsAhead));
    if (added?.length) this.logger.log({ event: 'messages.partitions.added', partitions: added }, 'monthly message partitions created ahead');
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Gauge } from 'prom-client';
import { APP_CONFIG, Metrics, PeriodicJob, type AppConfig } from '@chat/platform';
import { exclusivePass } from '../exclusive-pass';
import { MessagePartitions } from './message-partitions';

const KEEP_INTERVAL_MS = 3_600_000;
/** A drop waits this long for the table's lock, so sends never queue behind it for longer. */
const DROP_LOCK_TIMEOUT_MS = 1_000;

/**
 * Keeps MESSAGE_PARTITIONS_AHEAD monthly partitions of a partitioned `messages` created ahead
 * (MessagePartitions), so a send never meets a month without one: at start, before the process
 * serves (a process started after a long stop catches up first), then hourly, one replica at a time.
 * A send past the newest partition would fail, so every process that uses the database runs it,
 * and `chat_message_partitions_end_seconds` (when the newest one ends) feeds the
 * ChatMessagePartitionsRunningOut alert. The same pass drops the months left empty
 * (MessagePartitions.dropEmptyMonths) and the keys of sends near a month's start older than a day.
 */
@Injectable()
export class MessagePartitionKeeper extends PeriodicJob {
  private readonly logger = new Logger(MessagePartitionKeeper.name);
  private readonly partitions: MessagePartitions;
  private readonly partitionsEnd: Gauge;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: Metrics,
  ) {
    super(KEEP_INTERVAL_MS);
    this.partitions = new MessagePartitions(dataSource);
    this.partitionsEnd = new Gauge({
      name: 'chat_message_partitions_end_seconds',
      help: 'When the newest monthly partition of messages ends (Unix seconds); 0 while messages is not partitioned',
      registers: [metrics.registry],
    });
  }

  override async onApplicationBootstrap(): Promise<void> {
    await this.runOnce();
    super.onApplicationBootstrap();
  }

  protected override async runOnce(): Promise<void> {
    // A day is far longer than a send is in flight (nearMonthStart).
    await this.dataSource.query(`DELETE FROM month_start_send_keys WHERE created_at < now() - interval '1 day'`);
    // The default, a plain table: that and one catalog lookup.
    if (!(await this.partitions.isPartitioned())) return void this.partitionsEnd.set(0);
    const now = new Date();
    const pass = await exclusivePass(this.dataSource, 'message-partitions', async () => ({
      added: await this.partitions.keepAhead(now, this.config.database.messagePartitionsAhead),
      dropped: await this.partitions.dropEmptyMonths(now, DROP_LOCK_TIMEOUT_MS),
    }));
    if (pass?.added.length) this.logger.log({ event: 'messages.partitions.added', partitions: pass.added }, 'monthly message partitions created ahead');
    if (pass?.dropped.length) this.logger.log({ event: 'messages.partitions.dropped', partitions: pass.dropped }, 'empty message partitions of ended months dropped');
    const newest = (await this.partitions.list()).at(-1);
    if (newest) this.partitionsEnd.set(newest.to.getTime() / 1000);
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, FlushingJob, type AppConfig } from '@chat/platform';
import { DeliveryPointersRepository } from './delivery-pointers.repository';
import { PendingDeliveries, type DeliveryMark } from './pending-deliveries';

/**
 * Delivery acknowledgements run on the message hot path (each message in a 50-member room brings
 * 49), so they are not written one by one: this node holds the highest seq per (conversation,
 * member) and writes them all in one statement every DELIVERY_RECEIPTS_FLUSH_MS (sooner once
 * DELIVERY_RECEIPTS_MAX_PENDING pairs wait), and once more before shutdown. A failed write gives
 * its marks back for the next one.
 *
 * A crash loses only the marks not yet written: that is accepted, because delivery marks are
 * re-sent by clients (the SDK acknowledges again after a reconnect and after every `sync`), and a
 * lost mark only delays a ✓✓; messages themselves are never at stake here.
 */
@Injectable()
export class DeliveryPointerWriter extends FlushingJob {
  private readonly logger = new Logger(DeliveryPointerWriter.name);
  private readonly pending = new PendingDeliveries();
  private writing: Promise<void> | null = null;

  constructor(
    private readonly pointers: DeliveryPointersRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(config.delivery.flushMs, 'Delivery marks not written at shutdown: clients send them again');
  }

  mark(mark: DeliveryMark): void {
    this.pending.add(mark);
    if (this.pending.size >= this.config.delivery.maxPending) void this.flush().catch((err) => this.logger.warn({ err }, 'Delivery marks not written; retrying on the next tick'));
  }

  /**
   * Writes what is held. A write already under way (the timer's, or one `mark` started) took its
   * marks before this call, so it is waited for and what came since is written next (one write for
   * every caller meanwhile): a flush, the one at shutdown too, leaves nothing held that came before it.
   */
  override async flush(): Promise<void> {
    if (this.writing) await this.writing;
    this.writing ??= this.write().finally(() => (this.writing = null));
    return this.writing;
  }

  private async write(): Promise<void> {
    const marks = this.pending.drain();
    if (marks.length === 0) return;
    try {
      await this.pointers.advance(marks, this.config.delivery.frameLookback);
    } catch (err) {
      this.pending.restore(marks);
      throw err;
    }
  }
}

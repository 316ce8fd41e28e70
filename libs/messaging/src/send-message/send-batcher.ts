import { Inject, Injectable } from '@nestjs/common';
import type { OutboxRowValues } from '@chat/persistence';
import { APP_CONFIG, LoadMonitor, type AppConfig } from '@chat/platform';
import { MessagesRepository, type AppendedMessage, type NewMessageRow } from '../shared/messages.repository';

interface PendingSend {
  row: NewMessageRow;
  event: OutboxRowValues;
  settle: { resolve(appended: AppendedMessage | null): void; reject(err: unknown): void };
  /** performance.now() when it joined the queue. */
  queuedAt: number;
}

/**
 * Group commit for sends. A send goes to the database at once when no statement runs; while one
 * runs, the sends that arrive wait and go together in the next statement (up to SEND_BATCH_MAX):
 * one round trip and one commit for all of them, so the busier the server, the less each message
 * costs, and an idle server adds no delay. A further statement starts beside running ones (up to
 * SEND_STATEMENTS_IN_FLIGHT) only once the newest has run SEND_OVERLAP_AFTER_MS: a quick statement
 * thus gathers what came meanwhile, and a slow one (a commit waiting on the disk) holds the sends
 * behind it no longer than that. A batch that fails as a whole (a twin clientMessageId) is retried
 * one send per statement, so each send gets its own outcome.
 *
 * A send that finds the oldest queued one waiting SEND_QUEUE_WAIT_MAX_MS or longer is refused at
 * once (503, Retry-After): the node takes what its statements carry and turns the rest away, instead
 * of queueing seconds of sends whose senders time out while they wait and whose acks come too late.
 */
@Injectable()
export class SendBatcher {
  private readonly queue: PendingSend[] = [];
  private inFlight = 0;
  /** performance.now() when the newest statement started. */
  private newestStartedAt = 0;
  private overlapTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly messages: MessagesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly load: LoadMonitor,
  ) {
    // A queue that grows while statements run at their limit is the node saturating: backpressure.
    load.watchSendQueue('sends', () => this.queue.length);
  }

  /** The message as stored, or null when it was not accepted (see MessagesRepository.append). */
  append(row: NewMessageRow, event: OutboxRowValues): Promise<AppendedMessage | null> {
    const now = performance.now();
    const { queueWaitMaxMs } = this.config.sends;
    if (queueWaitMaxMs > 0 && this.queue.length > 0 && now - this.queue[0].queuedAt >= queueWaitMaxMs) {
      return Promise.reject(this.load.refuse('messages', 1));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ row, event, settle: { resolve, reject }, queuedAt: now });
      this.flush();
    });
  }

  private flush(): void {
    const { batchMax, statementsInFlight, overlapAfterMs } = this.config.sends;
    while (this.queue.length > 0 && this.inFlight < statementsInFlight) {
      const overlapIn = this.inFlight === 0 ? 0 : this.newestStartedAt + overlapAfterMs - performance.now();
      if (overlapIn > 0) return this.flushIn(overlapIn);
      const batch = this.queue.splice(0, batchMax);
      this.inFlight++;
      this.newestStartedAt = performance.now();
      void this.write(batch).finally(() => {
        this.inFlight--;
        this.flush();
      });
    }
  }

  private flushIn(ms: number): void {
    this.overlapTimer ??= setTimeout(() => {
      this.overlapTimer = null;
      this.flush();
    }, ms);
  }

  private async write(batch: PendingSend[]): Promise<void> {
    try {
      const appended = await this.messages.append(
        batch.map((s) => s.row),
        batch.map((s) => s.event),
      );
      batch.forEach((s, i) => s.settle.resolve(appended[i]));
    } catch (err) {
      if (batch.length === 1) return batch[0].settle.reject(err);
      for (const send of batch) await this.write([send]);
    }
  }
}

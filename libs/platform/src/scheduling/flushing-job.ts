import { Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { every } from './periodic';

/**
 * A provider that holds writes in memory and flushes them on a timer (`every`), started once the
 * application has booted. Unlike a PeriodicJob it stops before application shutdown, after every
 * module is destroyed, so what other providers add while they stop is still written: the timer
 * stops, a flush in progress finishes, then one last flush runs, all before the pool closes (at
 * application shutdown). A failed tick is retried on the next; a failed last flush is logged as an
 * error under the class's name with `lostAtShutdown`, and shutdown goes on.
 */
export abstract class FlushingJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stop: (() => Promise<void>) | null = null;

  /** `lostAtShutdown`: the log line when the last flush fails, saying what that loses. */
  protected constructor(
    private readonly intervalMs: number,
    private readonly lostAtShutdown: string,
  ) {}

  /** Writes what is held; on failure keeps it for the next flush and rejects. */
  abstract flush(): Promise<void>;

  onApplicationBootstrap(): void {
    this.stop = every(this.intervalMs, this.constructor.name, () => this.flush());
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop?.();
    this.stop = null;
    await this.flush().catch((err) => new Logger(this.constructor.name).error({ err }, this.lostAtShutdown));
  }
}

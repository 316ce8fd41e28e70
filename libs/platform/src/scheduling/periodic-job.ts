import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { every } from './periodic';

/**
 * A provider that does one thing on a timer (`every`): started once the application has booted,
 * stopped when its module is destroyed, which waits for a run in progress, so the run is over
 * before the connections it uses close. Logged under its class's name. A subclass passes its
 * interval and says what one run is (`runOnce`, usually its own public method, which tests call).
 */
export abstract class PeriodicJob implements OnApplicationBootstrap, OnModuleDestroy {
  private stop: (() => Promise<void>) | null = null;

  /** `intervalMs`: the time between runs; null when the configuration turns the job off. */
  protected constructor(private readonly intervalMs: number | null) {}

  /** One run. A rejection is logged and the next tick tries again; what it answers is dropped. */
  protected abstract runOnce(): Promise<unknown>;

  onApplicationBootstrap(): void {
    if (this.intervalMs === null) return;
    this.stop = every(this.intervalMs, this.constructor.name, async () => void (await this.runOnce()));
  }

  async onModuleDestroy(): Promise<void> {
    await this.stop?.();
  }
}

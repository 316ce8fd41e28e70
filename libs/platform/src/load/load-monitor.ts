import { Global, Inject, Injectable, Logger, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ErrorCode, type LoadLevel, type SheddableFeature } from '@chat/contracts';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RetryLaterError } from '../errors/api-error';
import { Metrics } from '../metrics/metrics';
import { every } from '../scheduling/periodic';
import { NORMAL_LOAD, PAUSED_AT, assessLoad, loopMayRefuseMessages, nextLoadState, type LoadState } from './load-policy';

const LEVEL_GAUGE: Record<LoadLevel, number> = { normal: 0, shedding: 1, backpressure: 2 };

const PAUSED_MESSAGE: Record<SheddableFeature, string> = {
  typing: 'Typing indicators are paused while the service is under heavy load',
  reactions: 'Reactions are paused while the service is under heavy load',
  receipts: 'Read and delivery receipts are paused while the service is under heavy load',
  messages: 'The service is under heavy load and is not taking new messages right now',
};

/** A request refused because the node's load level pauses its feature (503, Retry-After). */
export class OverloadedError extends RetryLaterError {
  constructor(feature: SheddableFeature, retryAfterSeconds: number) {
    super(ErrorCode.SERVICE_UNAVAILABLE, PAUSED_MESSAGE[feature], retryAfterSeconds);
  }
}

/** The event loop's utilization over the last `samples` readings. */
class LoopUtilizationWindow {
  private last: EventLoopUtilization = performance.eventLoopUtilization();
  private readonly readings: EventLoopUtilization[] = [];

  constructor(private readonly samples: number) {}

  read(): number {
    const now = performance.eventLoopUtilization();
    this.readings.push(performance.eventLoopUtilization(now, this.last));
    this.last = now;
    if (this.readings.length > this.samples) this.readings.shift();
    const active = this.readings.reduce((sum, r) => sum + r.active, 0);
    const idle = this.readings.reduce((sum, r) => sum + r.idle, 0);
    return active + idle > 0 ? active / (active + idle) : 0;
  }
}

/**
 * This node's load level (seed 003 R14.4, R19.4). Every LOAD_SAMPLE_MS it reads the event loop's
 * utilization, how long events wait for the bus, how many sends wait for their statement, and
 * probes the shared-state dependencies; `assessLoad` turns that into a level. Modules report
 * their own signals (`watch…`), so this stays ignorant of Kafka, Redis and the outbox. Handlers of
 * what a level pauses call `assertServing`; `onChange` tells the sockets.
 */
@Injectable()
export class LoadMonitor implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LoadMonitor.name);
  private readonly eventLags = new Map<string, () => number>();
  private readonly sendQueues = new Map<string, () => number>();
  private readonly dependencies = new Map<string, () => Promise<unknown>>();
  private readonly listeners = new Set<(state: LoadState) => void>();
  private readonly loop: LoopUtilizationWindow;
  private state: LoadState = NORMAL_LOAD;
  private stopSampling: (() => Promise<void>) | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {
    this.loop = new LoopUtilizationWindow(Math.ceil(config.load.windowMs / config.load.sampleMs));
  }

  onModuleInit(): void {
    this.stopSampling = every(this.config.load.sampleMs, LoadMonitor.name, () => this.sample());
  }

  async onModuleDestroy(): Promise<void> {
    await this.stopSampling?.();
  }

  /** A source of events waiting for the bus: how long its oldest has waited, in ms. */
  watchEventLag(name: string, readMs: () => number): void {
    this.eventLags.set(name, readMs);
  }

  /** A queue of sends waiting for their statement. */
  watchSendQueue(name: string, read: () => number): void {
    this.sendQueues.set(name, read);
  }

  /** A dependency whose slowness should shed load: probed each sample, within LOAD_SHED_PROBE_MS. */
  watchDependency(name: string, probe: () => Promise<unknown>): void {
    this.dependencies.set(name, probe);
  }

  /** Called with the new state on every change of level; returns the unsubscribe function. */
  onChange(listener: (state: LoadState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get current(): LoadState {
    return this.state;
  }

  /** Throws OverloadedError when the current level pauses `feature`. */
  assertServing(feature: SheddableFeature): void {
    if (!PAUSED_AT[this.state.level].includes(feature)) return;
    throw this.refuse(feature, Math.max(1, Math.ceil(this.config.load.recoveryMs / 1000)));
  }

  /** The error refusing `feature` for load, counted as such: the level's refusals and a module's own (a full send queue). */
  refuse(feature: SheddableFeature, retryAfterSeconds: number): OverloadedError {
    this.metrics.loadRefusals.inc({ feature });
    return new OverloadedError(feature, retryAfterSeconds);
  }

  /** Reads the signals and moves the level; public so a test can sample without waiting for the timer. */
  async sample(): Promise<void> {
    const { load } = this.config;
    const signals = {
      loopUtilization: this.loop.read(),
      eventLagMs: Math.max(0, ...[...this.eventLags.values()].map((read) => read())),
      sendQueue: [...this.sendQueues.values()].reduce((sum, read) => sum + read(), 0),
      slowDependencies: await this.slowDependencies(),
    };
    const previous = this.state;
    const now = Date.now();
    this.state = nextLoadState(previous, assessLoad(signals, load, loopMayRefuseMessages(previous, now, load.windowMs)), now, load.recoveryMs);
    if (this.state.level === previous.level) return;
    this.metrics.loadLevel.set(LEVEL_GAUGE[this.state.level]);
    const paused = PAUSED_AT[this.state.level];
    if (this.state.level === 'normal') this.logger.log({ from: previous.level }, 'Load back to normal; nothing is paused');
    else this.logger.warn({ level: this.state.level, reasons: this.state.reasons, paused }, `Load ${this.state.level}: pausing ${paused.join(', ')}`);
    for (const listener of this.listeners) listener(this.state);
  }

  private async slowDependencies(): Promise<string[]> {
    const timeoutMs = this.config.load.shedProbeMs;
    if (timeoutMs === 0) return [];
    const verdicts = await Promise.all([...this.dependencies].map(async ([name, probe]) => ((await answersWithin(probe, timeoutMs)) ? null : name)));
    return verdicts.filter((name): name is string => name !== null);
  }
}

/** Whether `probe` resolves within `timeoutMs`. */
async function answersWithin(probe: () => Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([probe().then(() => true, () => false), late]);
  } finally {
    clearTimeout(timer);
  }
}

@Global()
@Module({ providers: [LoadMonitor], exports: [LoadMonitor] })
export class LoadModule {}

import { Logger } from '@nestjs/common';
import { PeriodicJob } from './periodic-job';

const INTERVAL_MS = 1_000;

/** A job whose runs end when the test says so. */
class ControlledJob extends PeriodicJob {
  readonly runs: { finish: () => void; fail: (err: Error) => void }[] = [];

  constructor(interval: number | null = INTERVAL_MS) {
    super(interval);
  }

  protected override runOnce(): Promise<unknown> {
    return new Promise((resolve, reject) => this.runs.push({ finish: () => resolve(this.runs.length), fail: reject }));
  }
}

const elapse = (ms: number) => jest.advanceTimersByTimeAsync(ms);

/** A job bootstrapped an interval ago: its first run has just started. */
async function inFirstRun(): Promise<ControlledJob> {
  const job = new ControlledJob();
  job.onApplicationBootstrap();
  await elapse(INTERVAL_MS);
  return job;
}

describe('PeriodicJob', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('runs first an interval after bootstrap, not before', async () => {
    const job = new ControlledJob();
    job.onApplicationBootstrap();
    await elapse(INTERVAL_MS - 1);
    expect(job.runs).toHaveLength(0);
    await elapse(1);
    expect(job.runs).toHaveLength(1);
    job.runs[0].finish();
    await job.onModuleDestroy();
  });

  it('starts no run while one is in progress: the ticks a slow run spans are skipped, not queued', async () => {
    const job = await inFirstRun();
    await elapse(5 * INTERVAL_MS);
    expect(job.runs).toHaveLength(1);
    job.runs[0].finish();
    await elapse(0);
    expect(job.runs).toHaveLength(1);
    await elapse(INTERVAL_MS);
    expect(job.runs).toHaveLength(2);
    job.runs[1].finish();
    await job.onModuleDestroy();
  });

  it('stopping waits for the run in progress to end, and no run starts after it', async () => {
    const job = await inFirstRun();
    let stopped = false;
    const stopping = job.onModuleDestroy().then(() => (stopped = true));
    await elapse(3 * INTERVAL_MS);
    expect(stopped).toBe(false);
    job.runs[0].finish();
    await stopping;
    expect(stopped).toBe(true);
    await elapse(3 * INTERVAL_MS);
    expect(job.runs).toHaveLength(1);
  });

  it('never starts when the interval is null (configured off), and stops at once', async () => {
    const job = new ControlledJob(null);
    job.onApplicationBootstrap();
    await elapse(10 * INTERVAL_MS);
    expect(job.runs).toHaveLength(0);
    await job.onModuleDestroy();
  });

  it('logs a failed run under the class name and runs again on the next tick', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const job = await inFirstRun();
    const err = new Error('store down');
    job.runs[0].fail(err);
    await elapse(0);
    expect(warn).toHaveBeenCalledWith({ err }, 'ControlledJob pass failed; retrying on the next tick');
    await elapse(INTERVAL_MS);
    expect(job.runs).toHaveLength(2);
    job.runs[1].finish();
    await job.onModuleDestroy();
  });
});

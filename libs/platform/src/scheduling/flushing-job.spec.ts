import { Logger } from '@nestjs/common';
import { FlushingJob } from './flushing-job';

const INTERVAL_MS = 1_000;

/** A job whose flushes end when the test says so. */
class ControlledFlusher extends FlushingJob {
  readonly flushes: { finish: () => void; fail: (err: Error) => void }[] = [];

  constructor() {
    super(INTERVAL_MS, 'Held writes lost at shutdown');
  }

  override flush(): Promise<void> {
    return new Promise((resolve, reject) => this.flushes.push({ finish: resolve, fail: reject }));
  }
}

const elapse = (ms: number) => jest.advanceTimersByTimeAsync(ms);

describe('FlushingJob', () => {
  let job: ControlledFlusher;
  beforeEach(() => {
    jest.useFakeTimers();
    job = new ControlledFlusher();
    job.onApplicationBootstrap();
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('flushes once per interval from bootstrap; after a slow flush, the next comes on the next tick, with no backlog', async () => {
    await elapse(INTERVAL_MS - 1);
    expect(job.flushes).toHaveLength(0);
    await elapse(1);
    expect(job.flushes).toHaveLength(1);
    await elapse(3.5 * INTERVAL_MS);
    job.flushes[0].finish();
    await elapse(INTERVAL_MS / 2);
    expect(job.flushes).toHaveLength(2);
    job.flushes[1].finish();
    const stopping = job.beforeApplicationShutdown();
    await elapse(0);
    job.flushes[2].finish();
    await stopping;
  });

  it('at shutdown stops the timer, lets the flush in progress finish, then flushes once more', async () => {
    await elapse(INTERVAL_MS);
    let stopped = false;
    const stopping = job.beforeApplicationShutdown().then(() => (stopped = true));
    await elapse(3 * INTERVAL_MS);
    expect(job.flushes).toHaveLength(1); // no tick, and the last flush waits for the one in progress
    job.flushes[0].finish();
    await elapse(0);
    expect(job.flushes).toHaveLength(2);
    expect(stopped).toBe(false);
    job.flushes[1].finish();
    await stopping;
    await elapse(3 * INTERVAL_MS);
    expect(job.flushes).toHaveLength(2);
  });

  it('logs a failed last flush as an error under the class name, saying what is lost, and still shuts down', async () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const stopping = job.beforeApplicationShutdown();
    await elapse(0);
    const err = new Error('store down');
    job.flushes[0].fail(err);
    await expect(stopping).resolves.toBeUndefined();
    expect(error).toHaveBeenCalledWith({ err }, 'Held writes lost at shutdown');
    expect(error.mock.contexts[0]).toMatchObject({ context: 'ControlledFlusher' });
  });
});

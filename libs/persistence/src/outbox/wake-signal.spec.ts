import { WakeSignal } from './wake-signal';

describe('WakeSignal', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** Whether `sleep` has resolved once pending promise callbacks ran, without moving the clock. */
  async function resolvedNow(sleep: Promise<void>): Promise<boolean> {
    let resolved = false;
    void sleep.then(() => (resolved = true));
    await jest.advanceTimersByTimeAsync(0);
    return resolved;
  }

  it('sleeps for the poll interval when nothing comes', async () => {
    const signal = new WakeSignal();
    const sleep = signal.sleep(500);
    expect(await resolvedNow(sleep)).toBe(false);
    await jest.advanceTimersByTimeAsync(500);
    expect(await resolvedNow(sleep)).toBe(true);
  });

  it('a notify ends the current sleep', async () => {
    const signal = new WakeSignal();
    const sleep = signal.sleep(500);
    signal.notify();
    expect(await resolvedNow(sleep)).toBe(true);
  });

  it('a notify while nobody sleeps makes the next sleep return at once, once', async () => {
    const signal = new WakeSignal();
    signal.notify();
    expect(await resolvedNow(signal.sleep(500))).toBe(true);
    expect(await resolvedNow(signal.sleep(500))).toBe(false);
  });

  it('a notify after a sleep that timed out is still remembered', async () => {
    const signal = new WakeSignal();
    const timedOut = signal.sleep(500);
    await jest.advanceTimersByTimeAsync(500);
    expect(await resolvedNow(timedOut)).toBe(true);
    signal.notify(); // mid-pass
    expect(await resolvedNow(signal.sleep(500))).toBe(true);
  });

  it('an interrupt ends the current sleep but is not remembered', async () => {
    const signal = new WakeSignal();
    const sleep = signal.sleep(500);
    signal.interrupt();
    expect(await resolvedNow(sleep)).toBe(true);
    signal.interrupt();
    expect(await resolvedNow(signal.sleep(500))).toBe(false);
  });
});

/**
 * The relay's sleep between passes. A NOTIFY of a new outbox row cuts the current sleep short,
 * and one that arrives while no sleep runs (mid-pass, after the fetch's snapshot was taken) makes
 * the next sleep return at once, so the row never waits for the poll interval.
 */
export class WakeSignal {
  private pending = false;
  private wake: (() => void) | null = null;

  /** New work: ends the current sleep, or the next one if none runs now. */
  notify(): void {
    if (this.wake) this.wake();
    else this.pending = true;
  }

  /** Ends the current sleep, if one runs (shutdown, a failed publish); remembers nothing. */
  interrupt(): void {
    this.wake?.();
  }

  /** Resolves after `ms`, or at the first notify or interrupt; at once if a notify is pending. */
  sleep(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      // Cleared however the sleep ends: a wake left behind by a sleep that timed out would swallow
      // the next notify instead of remembering it.
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}

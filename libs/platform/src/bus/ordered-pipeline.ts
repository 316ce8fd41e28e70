/**
 * Runs jobs one after another in call order; a job queued while an earlier one is pending is
 * rejected without running if that one failed. Once nothing is pending the pipeline is clean
 * again, so whoever republishes after a failure starts from a fresh, ordered state.
 */
export class OrderedPipeline {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  private failure: unknown = null;

  run(job: () => Promise<void>): Promise<void> {
    this.pending++;
    const result = this.tail.then(async () => {
      if (this.failure) throw new Error('An earlier publish failed; this one was not applied', { cause: this.failure });
      try {
        await job();
      } catch (err) {
        this.failure = err;
        throw err;
      }
    });
    this.tail = result
      .catch(() => undefined)
      .finally(() => {
        if (--this.pending === 0) this.failure = null;
      });
    return result;
  }
}

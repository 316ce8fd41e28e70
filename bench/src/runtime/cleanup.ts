/**
 * Everything the runner starts registers how to stop it here; `runAll` stops them in reverse
 * order of start. main.ts calls it on success, on error and on SIGINT/SIGTERM, so no server,
 * Postgres or worker outlives the run.
 */
export class Cleanup {
  private readonly steps: { name: string; stop: () => Promise<void> | void }[] = [];
  private running: Promise<void> | null = null;

  /** Returns a function that runs this step now (and unregisters it). */
  add(name: string, stop: () => Promise<void> | void): () => Promise<void> {
    const step = { name, stop };
    this.steps.push(step);
    return async () => {
      const i = this.steps.indexOf(step);
      if (i === -1) return;
      this.steps.splice(i, 1);
      await step.stop();
    };
  }

  runAll(log: (line: string) => void = () => undefined): Promise<void> {
    this.running ??= (async () => {
      while (this.steps.length) {
        const step = this.steps.pop()!;
        try {
          await step.stop();
        } catch (err) {
          log(`cleanup: stopping ${step.name} failed: ${(err as Error).message}`);
        }
      }
    })();
    return this.running;
  }
}

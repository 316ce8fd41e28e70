import { Logger } from '@nestjs/common';

/**
 * Runs `work` every `intervalMs`, never two runs at once (a slow store skips ticks rather than
 * piling them up). Returns the stop function, which resolves once a run in progress has finished,
 * so a caller can stop before the connections the work uses are closed.
 */
export function every(intervalMs: number, name: string, work: () => Promise<void>): () => Promise<void> {
  const logger = new Logger(name);
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = work()
      .catch((err) => logger.warn({ err }, `${name} pass failed; retrying on the next tick`))
      .finally(() => (running = null));
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

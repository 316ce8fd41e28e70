import { Logger } from '@nestjs/common';

/**
 * Runs `work` every `intervalMs`, never two runs at once (a slow store skips ticks rather than
 * piling them up). Returns the stop function.
 */
export function every(intervalMs: number, name: string, work: () => Promise<void>): () => void {
  const logger = new Logger(name);
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    work()
      .catch((err) => logger.warn({ err }, `${name} pass failed; retrying on the next tick`))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

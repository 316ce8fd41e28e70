import { performance } from 'node:perf_hooks';

/**
 * Wall-clock milliseconds with sub-millisecond resolution. Every process of the run (runner and
 * workers, all on this machine) uses it, so a send time read in one worker and a receipt time
 * read in another are comparable.
 */
export const wallNow = (): number => performance.timeOrigin + performance.now();

export function sleepUntil(at: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, at - wallNow())));
}

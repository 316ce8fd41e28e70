import type { INestApplicationContext } from '@nestjs/common';
import { CLOCK, type Clock } from '@chat/platform';

export interface TestClock {
  now(): number;
  advance(ms: number): void;
  /** Gives the clock back to real time. */
  release(): void;
}

/**
 * Takes over an in-process app's CLOCK (presence and typing read time from it), starting at the
 * real time: `advance` moves it without waiting. Sweeps run every 250 ms of real time, so give a
 * change about half a second to show.
 */
export function controlClock(app: INestApplicationContext): TestClock {
  const clock = app.get<Clock>(CLOCK, { strict: false });
  const original = clock.now;
  let now = Date.now();
  clock.now = () => now;
  return {
    now: () => now,
    advance: (ms) => void (now += ms),
    release: () => void (clock.now = original),
  };
}

/** Time as the ephemeral state sees it; injected so tests can move it instead of waiting. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
}

export const CLOCK = Symbol('CLOCK');

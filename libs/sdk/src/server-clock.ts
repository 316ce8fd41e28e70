/** Clocks a second or so apart are the same here: a Date header is whole seconds, and answers take time. */
const SAME_CLOCK_MS = 5_000;

/**
 * The server's time as its answers' `Date` headers tell it, so the time a device proof names is
 * the server's even where this device's clock is minutes off (the server refuses proofs beyond
 * DEVICE_PROOF_MAX_AGE_SECONDS of its own clock).
 */
export class ServerClock {
  /** The server's clock minus this one's; 0 until an answer says otherwise. */
  offsetMs = 0;

  note(dateHeader: string | null): void {
    const serverTime = Date.parse(dateHeader ?? '');
    if (!Number.isNaN(serverTime)) this.offsetMs = serverTime - Date.now();
  }

  nowSeconds(): number {
    return Math.floor((Date.now() + this.offsetMs) / 1000);
  }

  /** The answers since `offsetMs` was `earlierOffsetMs` showed this clock to be off from what was thought. */
  movedSince(earlierOffsetMs: number): boolean {
    return Math.abs(this.offsetMs - earlierOffsetMs) > SAME_CLOCK_MS;
  }
}

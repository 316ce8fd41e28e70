/**
 * Deadlines by key, the in-memory twin of a Redis sorted set scored by time: `claim` hands out
 * the keys whose deadline has come and forgets them (callers reschedule what still has one).
 */
export class DueIndex {
  private readonly deadlines = new Map<string, number>();

  /** Sets or clears (`null`) the deadline of a key. */
  set(key: string, deadlineMs: number | null): void {
    if (deadlineMs === null) this.deadlines.delete(key);
    else this.deadlines.set(key, deadlineMs);
  }

  claim(nowMs: number, limit: number): string[] {
    const due = [...this.deadlines].filter(([, at]) => at <= nowMs).sort((a, b) => a[1] - b[1]).slice(0, limit).map(([key]) => key);
    for (const key of due) this.deadlines.delete(key);
    return due;
  }
}

/** The earliest of the given times, or null when there is none. */
export function earliest(times: Iterable<number | null>): number | null {
  let first: number | null = null;
  for (const t of times) if (t !== null && (first === null || t < first)) first = t;
  return first;
}

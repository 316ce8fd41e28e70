/**
 * Deadlines by key, the in-memory twin of a Redis sorted set scored by time: `claim` hands out
 * the keys whose deadline has come and forgets them (callers reschedule what still has one).
 *
 * A binary heap of (deadline, key) entries beside the map of each key's current deadline, so a
 * claim reads only what is due: the presence sweep claims four times a second, and scanning every
 * connected user's deadline each time grew with the users online. A key's older entries stay in
 * the heap when its deadline moves and are skipped when they reach the top (a deadline that no
 * longer matches the map's); the heap is rebuilt from the map once they outnumber the live ones.
 */
export class DueIndex {
  private readonly deadlines = new Map<string, number>();
  private heap: { at: number; key: string }[] = [];

  /** Sets or clears (`null`) the deadline of a key. */
  set(key: string, deadlineMs: number | null): void {
    if (deadlineMs === null) {
      this.deadlines.delete(key);
      return;
    }
    if (this.deadlines.get(key) === deadlineMs) return;
    this.deadlines.set(key, deadlineMs);
    this.push({ at: deadlineMs, key });
    if (this.heap.length > 2 * this.deadlines.size + 64) this.rebuild();
  }

  /** Whether the key has a deadline (not yet claimed or cleared). */
  has(key: string): boolean {
    return this.deadlines.has(key);
  }

  /** The keys due at `nowMs`, earliest first, at most `limit` of them. */
  claim(nowMs: number, limit: number): string[] {
    const due: string[] = [];
    while (due.length < limit && this.heap.length > 0 && this.heap[0].at <= nowMs) {
      const { at, key } = this.pop();
      if (this.deadlines.get(key) !== at) continue; // moved or cleared since
      this.deadlines.delete(key);
      due.push(key);
    }
    return due;
  }

  private rebuild(): void {
    this.heap = [...this.deadlines].map(([key, at]) => ({ at, key }));
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private push(entry: { at: number; key: string }): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].at <= entry.at) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = entry;
  }

  private pop(): { at: number; key: string } {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private siftDown(from: number): void {
    const heap = this.heap;
    const entry = heap[from];
    let i = from;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= heap.length) break;
      if (child + 1 < heap.length && heap[child + 1].at < heap[child].at) child += 1;
      if (heap[child].at >= entry.at) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = entry;
  }
}

/** The earliest of the given times, or null when there is none. */
export function earliest(times: Iterable<number | null>): number | null {
  let first: number | null = null;
  for (const t of times) if (t !== null && (first === null || t < first)) first = t;
  return first;
}

import type { Clock } from '../ephemeral/clock';

interface Entry<V> {
  value: Promise<V>;
  expiresAt: number;
}

/**
 * Values loaded per key and kept for `ttlMs` (0: never kept), at most `maxKeys` of them (the
 * least recently loaded are dropped first). Callers asking for a key while it loads share that
 * load; a failed load is not kept. `invalidate` drops a key, so this process sees a change it made
 * at once; other processes see it within `ttlMs`.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly maxKeys: number,
    private readonly load: (key: string) => Promise<V>,
  ) {}

  get(key: string): Promise<V> {
    const now = this.clock.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) return hit.value;
    if (hit) this.entries.delete(key);
    const value = this.load(key);
    if (this.ttlMs === 0) return value;
    this.entries.set(key, { value, expiresAt: now + this.ttlMs });
    value.catch(() => this.entries.get(key)?.value === value && this.entries.delete(key));
    while (this.entries.size > this.maxKeys) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  invalidate(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

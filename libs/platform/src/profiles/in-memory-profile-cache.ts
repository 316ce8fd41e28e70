import type { ProfileCache } from './profile-cache.port';

/** The embedded ProfileCache: one process, one map of subject → fresh until; lapsed entries go as they are looked at. */
export class InMemoryProfileCache implements ProfileCache {
  private readonly freshUntil = new Map<string, number>();

  async stale(subjects: readonly string[], now: number): Promise<string[]> {
    const stale = new Set<string>();
    for (const subject of subjects) {
      const until = this.freshUntil.get(subject);
      if (until !== undefined && until > now) continue;
      if (until !== undefined) this.freshUntil.delete(subject);
      stale.add(subject);
    }
    return [...stale];
  }

  async markFetched(subjects: readonly string[], now: number, ttlMs: number): Promise<void> {
    for (const subject of subjects) this.freshUntil.set(subject, now + ttlMs);
  }

  async forget(subjects: readonly string[]): Promise<void> {
    for (const subject of subjects) this.freshUntil.delete(subject);
  }
}

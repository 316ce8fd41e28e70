/**
 * When each subject's profile was last fetched from the main service (PROFILE_SOURCE_URL), so one
 * fetched within PROFILE_CACHE_TTL_SECONDS is not fetched again, by any node. The profile itself
 * (name, avatar) lives on the linked accounts' rows: that is the stale copy served while the main
 * service is down. Times are the caller's (its clock), as in the ephemeral stores: an entry fresh
 * until T is fresh while now < T.
 *
 * Embedded: InMemoryProfileCache. Distributed (REDIS_URL): @chat/infra-redis RedisProfileCache,
 * one key per subject that Redis expires at the end of its freshness.
 */
export interface ProfileCache {
  /** Of `subjects`, those with no fetch fresh at `now`: in the order given, each once. */
  stale(subjects: readonly string[], now: number): Promise<string[]>;
  /** Records a fetch of `subjects` at `now`, fresh until `now + ttlMs`. */
  markFetched(subjects: readonly string[], now: number, ttlMs: number): Promise<void>;
  /** Forgets `subjects` (their profile changed at the source): the next look finds them stale. */
  forget(subjects: readonly string[]): Promise<void>;
}

export const PROFILE_CACHE = Symbol('PROFILE_CACHE');

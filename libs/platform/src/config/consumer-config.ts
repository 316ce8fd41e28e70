import type { EnvReader } from './env-reader';

/** How a consumer group treats an event its handler fails on (see ConsumerDelivery). */
export interface ConsumerConfig {
  /** CONSUMER_MAX_ATTEMPTS: tries of one event before it is set aside as a dead letter (errors of an unavailable engine do not count). */
  maxAttempts: number;
  /**
   * CONSUMER_RETRY_BASE_MS / CONSUMER_RETRY_MAX_MS: exponential backoff between tries, doubling from
   * the base up to the cap. The defaults spend about 7 s on an event that keeps failing: in the
   * one-process mode the relay waits that long, below LOAD_SHED_EVENT_LAG_MS (10 s), so one bad
   * event does not make the node shed typing and reactions.
   */
  retryBaseMs: number;
  retryMaxMs: number;
  /** DEAD_LETTER_LIST_MAX_LIMIT: most dead letters GET /v1/admin/dead-letters answers in one page. */
  listMaxLimit: number;
  /**
   * DEAD_LETTER_REPLAY_LEASE_MS: how long a replay holds the letters it took before the bus has them.
   * A replay that died meanwhile (a crash) leaves them pending again once it runs out; one still
   * running then may see them replayed twice, which consumers' applied-event log absorbs.
   */
  replayLeaseMs: number;
  /** DEAD_LETTER_RETENTION_DAYS: how long a replayed dead letter is kept for inspection (pending ones stay until replayed). */
  retentionDays: number;
}

export function readConsumers(r: EnvReader): ConsumerConfig {
  const retryBaseMs = r.int('CONSUMER_RETRY_BASE_MS', 100, 1, 60_000);
  const retryMaxMs = r.int('CONSUMER_RETRY_MAX_MS', 2_000, 1, 600_000);
  r.atMost('CONSUMER_RETRY_BASE_MS', retryBaseMs, 'CONSUMER_RETRY_MAX_MS', retryMaxMs);
  return {
    maxAttempts: r.int('CONSUMER_MAX_ATTEMPTS', 8, 1, 100),
    retryBaseMs,
    retryMaxMs,
    listMaxLimit: r.int('DEAD_LETTER_LIST_MAX_LIMIT', 200, 1, 10_000),
    replayLeaseMs: r.int('DEAD_LETTER_REPLAY_LEASE_MS', 600_000, 1_000, 86_400_000),
    retentionDays: r.int('DEAD_LETTER_RETENTION_DAYS', 30, 1, 3_650),
  };
}

import type { EnvReader } from './env-reader';

/** How a consumer group treats an event its handler fails on (see ConsumerDelivery). */
export interface ConsumerConfig {
  /** CONSUMER_MAX_ATTEMPTS: tries of one event before it is set aside as a dead letter (errors of an unavailable engine do not count). */
  maxAttempts: number;
  /** CONSUMER_RETRY_BASE_MS / CONSUMER_RETRY_MAX_MS: exponential backoff between tries, doubling from the base up to the cap. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** DEAD_LETTER_LIST_MAX_LIMIT: most dead letters GET /v1/admin/dead-letters answers in one page. */
  listMaxLimit: number;
}

export function readConsumers(r: EnvReader): ConsumerConfig {
  const retryBaseMs = r.int('CONSUMER_RETRY_BASE_MS', 100, 1, 60_000);
  return {
    maxAttempts: r.int('CONSUMER_MAX_ATTEMPTS', 8, 1, 100),
    retryBaseMs,
    retryMaxMs: Math.max(retryBaseMs, r.int('CONSUMER_RETRY_MAX_MS', 5_000, 1, 600_000)),
    listMaxLimit: r.int('DEAD_LETTER_LIST_MAX_LIMIT', 200, 1, 10_000),
  };
}

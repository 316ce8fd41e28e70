import type { EventEnvelope } from './events';

/**
 * Dead letters (platform operators only): events a consumer group (read models, search indexer,
 * notifications, audit, socket fan-out) failed on CONSUMER_MAX_ATTEMPTS times and set aside so the
 * events after them went on. Replaying hands them to that group again, and to no other.
 *
 * - `GET /v1/admin/dead-letters?group=&limit=` → `DeadLettersResponse`, pending letters, most
 *   recently failed first
 * - `POST /v1/admin/dead-letters/replay` `ReplayDeadLettersRequest` → `ReplayDeadLettersResponse`
 */
export interface DeadLetterView {
  group: string;
  /** The event as the bus delivered it (id, name, tenantId, aggregate, occurredAt, payload). */
  event: EventEnvelope;
  /** The last error, with its stack. */
  error: string;
  attempts: number;
  firstFailedAt: string;
  lastFailedAt: string;
}

export interface DeadLettersResponse {
  deadLetters: DeadLetterView[];
  hasMore: boolean;
}

/** One letter (`eventId`), or the group's pending letters, oldest first, up to DEAD_LETTER_LIST_MAX_LIMIT per call. */
export interface ReplayDeadLettersRequest {
  group: string;
  eventId?: string;
}

export interface ReplayDeadLettersResponse {
  group: string;
  /** Letters handed to the group again; one that fails again is pending again, with its attempts added. */
  replayed: number;
  /** The group's letters still pending and not part of this replay (call again for the next ones). */
  remaining: number;
}

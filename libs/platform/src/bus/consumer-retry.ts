import type { ConsumerConfig } from '../config/consumer-config';
import { DATABASE_NETWORK_CODES, isUnavailableSqlState } from '../errors/storage-unavailable';

/**
 * The wait before try `attempt + 1` of an event: the base doubled per failed try, capped, with up to
 * a quarter taken off at random so the members of a group that all failed on one engine outage do
 * not all come back in the same millisecond.
 */
export function retryDelayMs(attempt: number, config: Pick<ConsumerConfig, 'retryBaseMs' | 'retryMaxMs'>, random = Math.random): number {
  const exponential = config.retryBaseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30);
  const capped = Math.min(config.retryMaxMs, exponential);
  return Math.round(capped * (1 - random() * 0.25));
}

/** Socket-level errors: the database's (storage-unavailable.ts), and those of HTTP engine clients (undici) and aborted connections. */
const TRANSIENT_NETWORK_CODES = new Set([...DATABASE_NETWORK_CODES, 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);
/**
 * Postgres SQLSTATEs that say "try again later", not "this event is wrong": those that say the
 * database is unavailable (isUnavailableSqlState: class 08, 57P01-57P03, 53100/53200/53300), the
 * rest of insufficient resources (class 53), serialization failures and deadlocks (40001, 40P01)
 * and lock timeouts (55P03).
 */
const isTransientSqlState = (code: string) => isUnavailableSqlState(code) || /^(53|40001$|40P01$|55P03$)/.test(code);
/** Error names of engine clients for an engine that is down or overloaded (Elasticsearch, ioredis, kafkajs). */
const TRANSIENT_NAMES = new Set(['ConnectionError', 'TimeoutError', 'NoLivingConnectionsError', 'MaxRetriesPerRequestError', 'KafkaJSConnectionError', 'KafkaJSRequestTimeoutError', 'KafkaJSNumberOfRetriesExceeded']);
/** Messages of the pg driver and its pool when the server is gone (they carry no code). */
const TRANSIENT_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Connection is closed|the database system is (starting up|shutting down)/i;
/**
 * HTTP statuses of an overloaded or unreachable engine behind a client that reports them
 * (Elasticsearch, for a whole request, and for an item of a bulk one: BulkRefusalError).
 */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 502, 503, 504]);

/**
 * Whether a consumer's error says the storage or broker it writes to is unavailable, so the event
 * itself is fine and retrying it without limit is right (giving it up would lose an event because
 * an engine was down for a minute). Walks the `cause` chain (and TypeORM's `driverError`). An error
 * may also say so itself with `transient: true`. Anything else counts as the event's fault.
 */
export function isTransientError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 8; depth++) {
    const candidate = e as { code?: unknown; name?: unknown; message?: unknown; transient?: unknown; statusCode?: unknown; meta?: { statusCode?: unknown }; driverError?: unknown; cause?: unknown };
    if (candidate.transient === true) return true;
    if (typeof candidate.code === 'string' && (TRANSIENT_NETWORK_CODES.has(candidate.code) || (candidate.code.length === 5 && isTransientSqlState(candidate.code)))) return true;
    if (typeof candidate.name === 'string' && TRANSIENT_NAMES.has(candidate.name)) return true;
    if (typeof candidate.message === 'string' && TRANSIENT_MESSAGES.test(candidate.message)) return true;
    const status = typeof candidate.statusCode === 'number' ? candidate.statusCode : candidate.meta?.statusCode;
    if (typeof status === 'number' && TRANSIENT_STATUSES.has(status)) return true;
    e = candidate.driverError ?? candidate.cause;
  }
  return false;
}

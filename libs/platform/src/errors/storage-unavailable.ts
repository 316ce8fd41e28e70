import type { Logger } from '@nestjs/common';

/** Retry-After of a STORAGE_UNAVAILABLE answer: about one restart of the embedded Postgres. */
export const STORAGE_RETRY_AFTER_SECONDS = 5;

/**
 * SQLSTATEs that say the database cannot do any work now, whatever the statement: connection
 * exceptions (class 08), an administrator's or a crash's shutdown and a server still starting
 * (57P01-57P03), and insufficient resources (disk full, out of memory, too many connections).
 */
export function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || ['57P01', '57P02', '57P03', '53100', '53200', '53300'].includes(code);
}

/** How reaching the database fails before Postgres can say anything: the socket. */
export const DATABASE_NETWORK_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** node-postgres and pg-pool: a connection lost mid-query, a pool connect timeout, a client broken earlier. */
const DRIVER_MESSAGES = [/^Connection terminated/, /^timeout exceeded when trying to connect/, /^Client has encountered a connection error and is not queryable/, /^Client was closed and is not queryable/];

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/**
 * True when an error means the database is unreachable or out of resources, not that the request
 * or our code is wrong: a pg DatabaseError (or TypeORM's QueryFailedError around one, `driverError`)
 * with such a SQLSTATE, a socket error of the connection, or node-postgres's own connection
 * failures. Causes are followed, except into a TypeError: `fetch failed` wraps the socket errors
 * of HTTP calls to other services, which are not storage. Narrower than the consumers'
 * `isTransientError` (bus/consumer-retry.ts), which also retries deadlocks and other engines' outages:
 * this one decides what a caller is told, "the database is down", not whether to try again.
 */
export function isStorageUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as ErrorLike;
  if (typeof e.code === 'string') {
    if (/^[0-9A-Z]{5}$/.test(e.code) && isUnavailableSqlState(e.code)) return true;
    if (DATABASE_NETWORK_CODES.has(e.code)) return true;
  }
  if (typeof e.message === 'string' && DRIVER_MESSAGES.some((m) => m.test(e.message as string))) return true;
  if (err instanceof TypeError) return false;
  // Connecting to a host with several addresses fails with one error per address.
  if (Array.isArray(e.errors) && e.errors.some((inner) => isStorageUnavailable(inner, depth + 1))) return true;
  return isStorageUnavailable(e.driverError, depth + 1) || isStorageUnavailable(e.cause, depth + 1);
}

/** At most one line per this long while the database stays unavailable. */
const OUTAGE_LOG_INTERVAL_MS = 30_000;

/**
 * While the database is down every request (or every pass of a background loop) fails the same
 * way: the first failure of an outage is logged at error with its cause, then at most one line per
 * OUTAGE_LOG_INTERVAL_MS counting the failures in between, instead of one stack per failure.
 */
export class StorageOutageLog {
  private lastLoggedAt = -Infinity;
  private unlogged = 0;

  constructor(
    private readonly message = 'The database is unavailable; requests answer 503 STORAGE_UNAVAILABLE',
    private readonly now: () => number = Date.now,
  ) {}

  note(logger: Pick<Logger, 'error'>, err: unknown): void {
    const now = this.now();
    if (now - this.lastLoggedAt < OUTAGE_LOG_INTERVAL_MS) {
      this.unlogged++;
      return;
    }
    const failuresSinceLastLine = this.unlogged;
    this.lastLoggedAt = now;
    this.unlogged = 0;
    logger.error({ event: 'storage.unavailable', err, failuresSinceLastLine }, this.message);
  }
}

/** The process's one outage log, shared by the HTTP filter and the socket acks. */
export const storageOutageLog = new StorageOutageLog();

import { HttpException, type Logger } from '@nestjs/common';
import { ErrorCode, type ApiErrorBody, type LoginChallenge } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { DEFAULT_HINT, ERROR_STATUS } from './error-status';
import { TenantQuotaExceededError } from '../quota/tenant-quota';
import { STORAGE_RETRY_AFTER_SECONDS, isStorageUnavailable, storageOutageLog } from './storage-unavailable';
import { isDataException } from './data-exception';

/** Details a validation failure carries to the client; `hint` when there is a better one than fixing the fields (DEFAULT_HINT). */
export class ValidationError extends DomainError {
  constructor(
    readonly details: { field: string; problem: string }[],
    hint = '',
  ) {
    super(ErrorCode.VALIDATION_FAILED, `Invalid input: ${details.map((d) => `${d.field} ${d.problem}`).join('; ')}`, hint);
  }
}

/**
 * A refusal that passes: the caller may try again after `retryAfterSeconds` (the Retry-After header).
 * It carries no stack: it is an answer, never logged as a fault, and an overloaded or rate-limited
 * node makes thousands a second, each stack costing about 20 µs to capture (a CPU profile of a
 * node shedding receipts had the error's constructor at 2.4 % of its samples).
 */
export class RetryLaterError extends DomainError {
  readonly retryAfterSeconds: number;

  constructor(code: ErrorCode, message: string, retryAfterSeconds: number, hint = `Retry after ${retryAfterSeconds} s`) {
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(code, message, hint);
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A login asked to prove it is worth the server's time first (seed 003 R11.6): 428 with the challenge to solve. */
export class ChallengeRequiredError extends DomainError {
  constructor(readonly challenge: LoginChallenge) {
    super(ErrorCode.CHALLENGE_REQUIRED, 'Several attempts to log in to this account failed, so this one must first solve a challenge', 'Find the nonce the challenge asks for and send it with the login again (the SDK does this itself)');
  }
}

export class RateLimitedError extends RetryLaterError {
  constructor(retryAfterSeconds: number) {
    super(ErrorCode.RATE_LIMITED, 'Too many requests', retryAfterSeconds);
  }
}

export interface ApiError {
  status: number;
  body: ApiErrorBody;
  /** True when the failure is ours, not the caller's: it must be logged with its stack. */
  unexpected: boolean;
}

/** Body-parser and similar middleware errors carry a `type` and an HTTP status. */
interface MiddlewareError {
  type?: string;
  status?: number;
  statusCode?: number;
}

function classify(err: unknown): { code: ErrorCode; message: string; hint?: string; unexpected: boolean } {
  if (err instanceof DomainError) return { code: err.code, message: err.message, hint: err.hint, unexpected: false };
  const mw = err as MiddlewareError;
  if (mw?.type === 'entity.parse.failed') return { code: ErrorCode.MALFORMED_JSON, message: 'The request body is not valid JSON', unexpected: false };
  if (mw?.type === 'entity.too.large') return { code: ErrorCode.PAYLOAD_TOO_LARGE, message: 'The request body is too large', unexpected: false };
  if (err instanceof HttpException) {
    const status = err.getStatus();
    if (status === 404) return { code: ErrorCode.ROUTE_NOT_FOUND, message: 'No such endpoint', unexpected: false };
    if (status === 413) return { code: ErrorCode.PAYLOAD_TOO_LARGE, message: err.message, unexpected: false };
    if (status === 401) return { code: ErrorCode.UNAUTHENTICATED, message: err.message, unexpected: false };
    if (status === 403) return { code: ErrorCode.FORBIDDEN, message: err.message, unexpected: false };
    if (status >= 400 && status < 500) return { code: ErrorCode.VALIDATION_FAILED, message: err.message, unexpected: false };
  }
  if (isStorageUnavailable(err)) {
    return { code: ErrorCode.STORAGE_UNAVAILABLE, message: 'The database is unavailable right now, so this request was not saved; it can be retried', unexpected: false };
  }
  if (isDataException(err)) {
    return {
      code: ErrorCode.VALIDATION_FAILED,
      message: 'A value in this request cannot be stored (a number too large, a character or a date the database refuses)',
      // No details to point at (the database names no field): the default hint's "fields listed in details" would mislead.
      hint: 'Check the numbers, texts and dates sent, then retry',
      unexpected: true,
    };
  }
  const status = mw?.status ?? mw?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { code: ErrorCode.VALIDATION_FAILED, message: (err as Error).message ?? 'Bad request', unexpected: false };
  }
  return { code: ErrorCode.INTERNAL, message: 'Something went wrong on our side', unexpected: true };
}

/** The single place where any failure becomes the contract's error shape. */
export function toApiError(err: unknown, requestId: string): ApiError {
  const { code, message, hint, unexpected } = classify(err);
  const body: ApiErrorBody = { code, message, hint: hint || DEFAULT_HINT[code] || '', requestId };
  if (err instanceof ValidationError) body.details = err.details;
  if (err instanceof RetryLaterError) body.retryAfterSeconds = err.retryAfterSeconds;
  else if (code === ErrorCode.STORAGE_UNAVAILABLE) body.retryAfterSeconds = STORAGE_RETRY_AFTER_SECONDS;
  if (err instanceof ChallengeRequiredError) body.challenge = err.challenge;
  if (err instanceof TenantQuotaExceededError) {
    body.details = [err.detail];
    if (err.retryAfterSeconds !== null) body.retryAfterSeconds = err.retryAfterSeconds;
  }
  return { status: ERROR_STATUS[code], body, unexpected };
}

/**
 * Logs a failure answered to a caller: ours (unexpected) with its stack each time; an unavailable
 * database once per outage (StorageOutageLog), since then every request fails the same way.
 */
export function logApiError(logger: Pick<Logger, 'error'>, error: ApiError, err: unknown, fields: Record<string, unknown>, message: string): void {
  if (error.unexpected) logger.error({ err, ...fields }, message);
  else if (error.body.code === ErrorCode.STORAGE_UNAVAILABLE && !(err instanceof DomainError)) storageOutageLog.note(logger, err);
}

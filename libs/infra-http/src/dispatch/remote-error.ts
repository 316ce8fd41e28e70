import type { ApiErrorBody } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { RetryLaterError, ValidationError, tenantQuotaErrorFrom } from '@chat/platform';

/**
 * Rebuilds the error a command or query app answered with, so the edge answers its own caller
 * (socket ack or HTTP) with the same code, message, hint and details.
 */
export function remoteError(body: ApiErrorBody): DomainError {
  const quota = tenantQuotaErrorFrom(body.details, body.retryAfterSeconds);
  if (quota) return quota;
  if (body.details) return new ValidationError(body.details);
  // Its own code: a 503 SERVICE_UNAVAILABLE or STORAGE_UNAVAILABLE stays one, not a 429.
  if (body.retryAfterSeconds !== undefined) return new RetryLaterError(body.code, body.message, body.retryAfterSeconds, body.hint);
  return new DomainError(body.code, body.message, body.hint);
}

import type { ApiErrorBody } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { RateLimitedError, ValidationError, tenantQuotaErrorFrom } from '@chat/platform';

/**
 * Rebuilds the error a command or query app answered with, so the edge answers its own caller
 * (socket ack or HTTP) with the same code, message, hint and details.
 */
export function remoteError(body: ApiErrorBody): DomainError {
  const quota = tenantQuotaErrorFrom(body.details, body.retryAfterSeconds);
  if (quota) return quota;
  if (body.details) return new ValidationError(body.details);
  if (body.retryAfterSeconds !== undefined) return new RateLimitedError(body.retryAfterSeconds);
  return new DomainError(body.code, body.message, body.hint);
}

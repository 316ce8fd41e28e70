import type { ErrorCode } from '@chat/contracts';

/** A broken business rule. The code decides the transport status; the hint tells the caller what to do. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint = '',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DomainError';
  }
}

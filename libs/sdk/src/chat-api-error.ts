import type { ApiErrorBody } from '@chat/contracts';

/** A non-2xx answer (or a failed ack), carrying the contract's error body. */
export class ChatApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(`${body.code}: ${body.message}`);
    this.name = 'ChatApiError';
  }

  get code(): string {
    return this.body.code;
  }
}

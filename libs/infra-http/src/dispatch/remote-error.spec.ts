import { ErrorCode } from '@chat/contracts';
import { toApiError } from '@chat/platform';
import { remoteError } from './remote-error';

describe('remoteError', () => {
  it('keeps the code, status, hint and Retry-After of a retryable answer (a 503 stays a 503, not a 429)', () => {
    for (const [code, status] of [
      [ErrorCode.STORAGE_UNAVAILABLE, 503],
      [ErrorCode.SERVICE_UNAVAILABLE, 503],
      [ErrorCode.RATE_LIMITED, 429],
    ] as const) {
      const remote = { code, message: 'from the command app', hint: 'its hint', requestId: 'r1', retryAfterSeconds: 7 };
      const edge = toApiError(remoteError(remote), 'r2');
      expect(edge).toMatchObject({ status, unexpected: false, body: { ...remote, requestId: 'r2' } });
    }
  });
});

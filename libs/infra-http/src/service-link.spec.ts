import { ErrorCode } from '@chat/contracts';
import { toApiError } from '@chat/platform';
import { remoteError } from './dispatch/remote-error';
import { upstreamFor } from './forward/public-api-forwarder';
import { isServiceToken } from './service-token';

describe('service link', () => {
  it('forwards reads to the query app and every other method to the command app', () => {
    expect(upstreamFor('GET', 'http://command', 'http://query')).toBe('http://query');
    expect(upstreamFor('HEAD', 'http://command', 'http://query')).toBe('http://query');
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(upstreamFor(method, 'http://command', 'http://query')).toBe('http://command');
  });

  it('trusts only the configured service token, and nothing when none is configured', () => {
    expect(isServiceToken('secret', 'secret')).toBe(true);
    expect(isServiceToken('secret', 'secreT')).toBe(false);
    expect(isServiceToken('secret', 'secret-longer')).toBe(false);
    expect(isServiceToken('secret', undefined)).toBe(false);
    expect(isServiceToken(null, '')).toBe(false);
  });

  it('turns a remote error back into the same contract error for the edge’s own caller', () => {
    const bodies = [
      { code: ErrorCode.CONVERSATION_NOT_FOUND, message: 'No such conversation', hint: 'Check the id', requestId: 'r1' },
      { code: ErrorCode.VALIDATION_FAILED, message: 'Invalid input: body is too long', hint: 'Fix the fields listed in details and retry', requestId: 'r2', details: [{ field: 'body', problem: 'is too long' }] },
      { code: ErrorCode.RATE_LIMITED, message: 'Too many requests', hint: 'Retry after 3 s', requestId: 'r3', retryAfterSeconds: 3 },
    ];
    for (const body of bodies) {
      const { body: again } = toApiError(remoteError(body), body.requestId);
      expect(again).toEqual(body);
    }
  });
});

import { BadRequestException, NotFoundException } from '@nestjs/common';
import { ErrorCode } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { RateLimitedError, ValidationError, toApiError } from './api-error';

describe('toApiError', () => {
  it('keeps a domain error code, message and hint and maps the status', () => {
    const { status, body } = toApiError(new DomainError(ErrorCode.CHANNEL_NAME_TAKEN, 'taken', 'pick another'), 'r1');
    expect(status).toBe(409);
    expect(body).toEqual({ code: 'CHANNEL_NAME_TAKEN', message: 'taken', hint: 'pick another', requestId: 'r1' });
  });
  it('carries validation details and retry-after', () => {
    expect(toApiError(new ValidationError([{ field: 'body', problem: 'too long' }]), 'r').body.details).toEqual([{ field: 'body', problem: 'too long' }]);
    const limited = toApiError(new RateLimitedError(3), 'r');
    expect(limited.status).toBe(429);
    expect(limited.body.retryAfterSeconds).toBe(3);
  });
  it('maps body-parser failures to MALFORMED_JSON and PAYLOAD_TOO_LARGE', () => {
    expect(toApiError(Object.assign(new Error('x'), { type: 'entity.parse.failed', status: 400 }), 'r').body.code).toBe('MALFORMED_JSON');
    expect(toApiError(Object.assign(new Error('x'), { type: 'entity.too.large', status: 413 }), 'r').status).toBe(413);
  });
  it('maps framework exceptions to contract codes', () => {
    expect(toApiError(new NotFoundException(), 'r').body.code).toBe('ROUTE_NOT_FOUND');
    expect(toApiError(new BadRequestException('Validation failed (uuid is expected)'), 'r').status).toBe(400);
  });
  it('hides internals of unexpected errors and flags them for logging', () => {
    const result = toApiError(new Error('connection string postgres://secret'), 'r');
    expect(result).toMatchObject({ status: 500, unexpected: true });
    expect(result.body.message).not.toContain('secret');
  });
});

describe('RetryLaterError', () => {
  it('carries no stack, leaves other errors theirs, and keeps what it says', () => {
    const limit = Error.stackTraceLimit;
    const refusal = new RateLimitedError(7);
    expect(refusal.stack).not.toMatch(/\n\s+at /);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new DomainError(ErrorCode.CHANNEL_NAME_TAKEN, 'taken').stack).toMatch(/\n\s+at /);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: 'RATE_LIMITED', message: 'Too many requests', retryAfterSeconds: 7, hint: 'Retry after 7 s' });
  });
});

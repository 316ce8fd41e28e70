import { ErrorCode } from '@chat/contracts';
import { assertCanClose, assertOpen, statusOf } from './conversation-status';

describe('conversation status', () => {
  it('is closed while closedAt is set, and refuses what changes its messages then', () => {
    expect(statusOf({ closedAt: null })).toBe('open');
    expect(statusOf({ closedAt: new Date() })).toBe('closed');
    expect(() => assertOpen({ closedAt: null })).not.toThrow();
    expect(() => assertOpen({ closedAt: '2026-01-01T00:00:00.000Z' })).toThrow(expect.objectContaining({ code: ErrorCode.CONVERSATION_CLOSED }));
  });

  it('is changed by owners and admins of groups and channels only', () => {
    expect(() => assertCanClose('owner', { type: 'group' })).not.toThrow();
    expect(() => assertCanClose('admin', { type: 'channel' })).not.toThrow();
    expect(() => assertCanClose('member', { type: 'group' })).toThrow(expect.objectContaining({ code: ErrorCode.FORBIDDEN }));
    expect(() => assertCanClose('member', { type: 'direct' })).toThrow(expect.objectContaining({ code: ErrorCode.OPERATION_NOT_SUPPORTED }));
    expect(() => assertCanClose('owner', { type: 'business' })).toThrow(expect.objectContaining({ code: ErrorCode.OPERATION_NOT_SUPPORTED }));
  });
});

import { ErrorCode } from '@chat/contracts';
import { decideRotation } from './refresh-rotation';

const now = new Date('2026-01-01T00:00:00Z');
const later = new Date('2026-01-02T00:00:00Z');

describe('decideRotation', () => {
  it('rotates a fresh, unexpired token of an active login', () => {
    expect(decideRotation({ usedAt: null, expiresAt: later, sessionRevokedAt: null }, now)).toBe('rotate');
  });
  it('treats a second use as theft and revokes the family', () => {
    expect(decideRotation({ usedAt: now, expiresAt: later, sessionRevokedAt: null }, now)).toBe('revoke-family');
  });
  it('refuses unknown tokens and tokens of ended logins', () => {
    expect(() => decideRotation(null, now)).toThrow(expect.objectContaining({ code: ErrorCode.TOKEN_REVOKED }));
    expect(() => decideRotation({ usedAt: null, expiresAt: later, sessionRevokedAt: now }, now)).toThrow(expect.objectContaining({ code: ErrorCode.TOKEN_REVOKED }));
  });
  it('refuses expired tokens', () => {
    expect(() => decideRotation({ usedAt: null, expiresAt: now, sessionRevokedAt: null }, later)).toThrow(expect.objectContaining({ code: ErrorCode.TOKEN_EXPIRED }));
  });
});

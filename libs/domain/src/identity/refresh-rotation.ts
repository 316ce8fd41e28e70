import { ErrorCode } from '@chat/contracts';
import { DomainError } from '../domain-error';

export interface PresentedRefreshToken {
  usedAt: Date | null;
  expiresAt: Date;
  sessionRevokedAt: Date | null;
}

export type RotationDecision = 'rotate' | 'revoke-family';

/**
 * What to do with a refresh token that was presented: a fresh one rotates; one already used
 * means the family leaked, so the whole login is revoked; expired or revoked ones are refused.
 */
export function decideRotation(token: PresentedRefreshToken | null, now: Date): RotationDecision {
  if (!token || token.sessionRevokedAt) {
    throw new DomainError(ErrorCode.TOKEN_REVOKED, 'This refresh token is no longer valid', 'Log in again');
  }
  if (token.usedAt) return 'revoke-family';
  if (token.expiresAt.getTime() <= now.getTime()) {
    throw new DomainError(ErrorCode.TOKEN_EXPIRED, 'This refresh token has expired', 'Log in again');
  }
  return 'rotate';
}

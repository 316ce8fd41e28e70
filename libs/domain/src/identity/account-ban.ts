import { ErrorCode } from '@chat/contracts';
import { DomainError } from '../domain-error';

export interface AccountBanFacts {
  bannedAt: Date | null;
  /** Null with `bannedAt` set: until lifted. */
  bannedUntil: Date | null;
}

/** A tenant administrator's ban holds from `bannedAt` until `bannedUntil` (for good without one). */
export function accountBanInForce(user: AccountBanFacts, nowMs: number): boolean {
  return user.bannedAt !== null && (user.bannedUntil === null || user.bannedUntil.getTime() > nowMs);
}

/** Refuses a login (password, guest, refresh) to a banned account, saying until when. */
export function assertNotAccountBanned(user: AccountBanFacts, nowMs: number): void {
  if (!accountBanInForce(user, nowMs)) return;
  const until = user.bannedUntil ? `until ${user.bannedUntil.toISOString()}` : 'until an administrator lifts the ban';
  throw new DomainError(ErrorCode.ACCOUNT_BANNED, `This account is banned ${until}`, 'Contact an administrator of this chat');
}

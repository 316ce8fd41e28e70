import { accountBanInForce, assertNotAccountBanned } from './account-ban';

describe('account bans', () => {
  it('hold from the ban until its end, or until lifted without one', () => {
    expect(accountBanInForce({ bannedAt: null, bannedUntil: null }, 1_000)).toBe(false);
    expect(accountBanInForce({ bannedAt: new Date(0), bannedUntil: null }, 1_000)).toBe(true);
    expect(accountBanInForce({ bannedAt: new Date(0), bannedUntil: new Date(1_001) }, 1_000)).toBe(true);
    expect(accountBanInForce({ bannedAt: new Date(0), bannedUntil: new Date(1_000) }, 1_000)).toBe(false);
  });

  it('refuse a login with ACCOUNT_BANNED and say until when', () => {
    expect(() => assertNotAccountBanned({ bannedAt: new Date(0), bannedUntil: new Date(5_000) }, 1_000)).toThrow(
      expect.objectContaining({ code: 'ACCOUNT_BANNED', message: 'This account is banned until 1970-01-01T00:00:05.000Z' }),
    );
    expect(() => assertNotAccountBanned({ bannedAt: new Date(0), bannedUntil: new Date(500) }, 1_000)).not.toThrow();
  });
});

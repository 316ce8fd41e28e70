import { EMAIL_CODE_PATTERN, emailCodeHash, emailCodeMatches, newEmailCode, sameMailbox } from './email-code';

describe('email verification codes', () => {
  it('makes codes of eight digits, leading zeros kept, that the pattern takes back with spaces', () => {
    const codes = Array.from({ length: 200 }, newEmailCode);
    expect(codes.every((c) => /^\d{8}$/.test(c))).toBe(true);
    expect(new Set(codes).size).toBeGreaterThan(190);
    expect(EMAIL_CODE_PATTERN.test(' 0123 4567 ')).toBe(true);
    expect(EMAIL_CODE_PATTERN.test('1234567')).toBe(false);
    expect(EMAIL_CODE_PATTERN.test('1234567a')).toBe(false);
  });

  it('matches a code only against its own user’s hash, whatever spaces it was typed with', () => {
    const hash = emailCodeHash('user-1', '01234567');
    expect(hash).not.toContain('01234567');
    expect(emailCodeMatches('user-1', '0123 4567', hash)).toBe(true);
    expect(emailCodeMatches('user-1', '01234568', hash)).toBe(false);
    expect(emailCodeMatches('user-2', '01234567', hash)).toBe(false);
  });

  it('takes a change of the domain’s case for the same mailbox, and of the local part for another', () => {
    expect(sameMailbox('Dana@Example.COM', 'Dana@example.com')).toBe(true);
    expect(sameMailbox('dana@example.com', 'Dana@example.com')).toBe(false);
    expect(sameMailbox('dana@example.com', 'dana@example.org')).toBe(false);
    expect(sameMailbox(null, 'dana@example.com')).toBe(false);
    expect(sameMailbox(null, null)).toBe(true);
  });
});

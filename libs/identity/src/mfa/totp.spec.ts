import { base32Decode, base32Encode, matchTotp, otpauthUrl, totpCode } from './totp';

// RFC 6238, appendix B: the SHA-1 secret "12345678901234567890".
const RFC_SECRET = Buffer.from('12345678901234567890');

describe('TOTP', () => {
  it('computes the RFC 6238 test vectors', () => {
    expect(totpCode(RFC_SECRET, Math.floor(59 / 30), 8)).toBe('94287082');
    expect(totpCode(RFC_SECRET, Math.floor(1111111109 / 30), 8)).toBe('07081804');
    expect(totpCode(RFC_SECRET, Math.floor(2000000000 / 30), 8)).toBe('69279037');
    expect(totpCode(RFC_SECRET, Math.floor(59 / 30))).toBe('287082');
  });

  it('round-trips base32 as authenticator apps write it', () => {
    expect(base32Encode(RFC_SECRET)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode('gezdgnbvgy3tqojqgezdgnbvgy3tqojq')).toEqual(RFC_SECRET);
    expect(() => base32Decode('not base32!')).toThrow();
  });

  it('accepts the code of the step before, now and after, once each, and nothing else', () => {
    const secret = base32Encode(RFC_SECRET);
    const now = 1111111109_000;
    const step = Math.floor(now / 30_000);
    expect(matchTotp(secret, totpCode(RFC_SECRET, step), now, null)).toBe(step);
    expect(matchTotp(secret, totpCode(RFC_SECRET, step - 1), now, null)).toBe(step - 1);
    expect(matchTotp(secret, totpCode(RFC_SECRET, step + 1), now, null)).toBe(step + 1);
    expect(matchTotp(secret, totpCode(RFC_SECRET, step - 2), now, null)).toBeNull();
    expect(matchTotp(secret, totpCode(RFC_SECRET, step), now, step)).toBeNull();
    expect(matchTotp(secret, '12345', now, null)).toBeNull();
  });

  it('writes the key URI an authenticator app scans', () => {
    expect(otpauthUrl('Chat', 'alice', 'ABC')).toBe('otpauth://totp/Chat%3Aalice?secret=ABC&issuer=Chat&algorithm=SHA1&digits=6&period=30');
  });
});

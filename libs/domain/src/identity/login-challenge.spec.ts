import { createHash } from 'node:crypto';
import { challengeInput, leadingZeroBits } from './login-challenge';

describe('login challenges (seed 003 R11.6)', () => {
  it('counts the zero bits a digest starts with', () => {
    expect(leadingZeroBits(Uint8Array.of(0x80, 0))).toBe(0);
    expect(leadingZeroBits(Uint8Array.of(0x01, 0xff))).toBe(7);
    expect(leadingZeroBits(Uint8Array.of(0, 0, 0x10))).toBe(19);
    expect(leadingZeroBits(Uint8Array.of(0, 0))).toBe(16);
  });

  it('is met by some nonce within a few thousand tries for 8 bits, and the input names both token and nonce', () => {
    const met = (nonce: number) => leadingZeroBits(createHash('sha256').update(challengeInput('t0k3n', String(nonce))).digest()) >= 8;
    let nonce = 0;
    while (!met(nonce)) nonce++;
    expect(nonce).toBeLessThan(10_000);
    expect(challengeInput('a', '1')).toBe('a:1');
  });
});

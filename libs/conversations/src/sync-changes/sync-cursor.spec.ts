import { decodeCursor, encodeCursor } from './sync-cursor';

describe('sync cursor', () => {
  it('round-trips a position and starts at 0 without one', () => {
    expect(decodeCursor(encodeCursor(12_345))).toBe(12_345);
    expect(decodeCursor(undefined)).toBe(0);
  });
  it('refuses anything it did not issue', () => {
    for (const bad of ['', 'abc', Buffer.from('p-1').toString('base64url'), Buffer.from('12').toString('base64url')]) {
      expect(() => decodeCursor(bad)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    }
  });
});

import { nextReadPointer, readByCount } from './read-receipts';

describe('read receipts', () => {
  it('moves a read pointer forward only, and not past the last message', () => {
    expect(nextReadPointer(3, 5, 10)).toBe(5);
    expect(nextReadPointer(5, 3, 10)).toBeNull();
    expect(nextReadPointer(5, 5, 10)).toBeNull();
    expect(nextReadPointer(5, 99, 10)).toBe(10);
    expect(nextReadPointer(10, 99, 10)).toBeNull();
  });
  it('counts the members other than the sender who read up to a seq', () => {
    const pointers = [
      { userId: 'alice', lastReadSeq: 7 },
      { userId: 'bob', lastReadSeq: 5 },
      { userId: 'carol', lastReadSeq: 4 },
    ];
    expect(readByCount(5, 'alice', pointers)).toBe(1);
    expect(readByCount(4, 'alice', pointers)).toBe(2);
    expect(readByCount(5, 'dave', pointers)).toBe(2);
    expect(readByCount(8, 'dave', pointers)).toBe(0);
  });
});

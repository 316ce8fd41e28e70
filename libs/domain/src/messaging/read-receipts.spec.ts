import { messageReceipts, nextReadPointer, readByCount, tracksDelivery, visiblePointers } from './read-receipts';

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

  it('shows a delivery pointer never below the read pointer (reading implies delivery), and the read pointer where delivery is not tracked', () => {
    expect(visiblePointers({ userId: 'a', lastReadSeq: 3, lastDeliveredSeq: 7 }, true)).toEqual({ userId: 'a', lastReadSeq: 3, lastDeliveredSeq: 7 });
    expect(visiblePointers({ userId: 'a', lastReadSeq: 5, lastDeliveredSeq: 0 }, true)).toEqual({ userId: 'a', lastReadSeq: 5, lastDeliveredSeq: 5 });
    expect(visiblePointers({ userId: 'a', lastReadSeq: 3, lastDeliveredSeq: 7 }, false)).toEqual({ userId: 'a', lastReadSeq: 3, lastDeliveredSeq: 3 });
  });
  it('tracks delivery up to the member limit, inclusive', () => {
    expect(tracksDelivery(100, 100)).toBe(true);
    expect(tracksDelivery(101, 100)).toBe(false);
  });
  it('puts every member but the sender in exactly one of read, delivered or pending', () => {
    const pointers = [
      { userId: 'alice', lastReadSeq: 0, lastDeliveredSeq: 0 },
      { userId: 'bob', lastReadSeq: 5, lastDeliveredSeq: 5 },
      { userId: 'carol', lastReadSeq: 1, lastDeliveredSeq: 6 },
      { userId: 'dave', lastReadSeq: 1, lastDeliveredSeq: 4 },
    ];
    expect(messageReceipts(5, 'alice', pointers)).toEqual({ readBy: [{ userId: 'bob' }], deliveredTo: [{ userId: 'carol' }], pending: [{ userId: 'dave' }] });
    expect(messageReceipts(4, 'bob', pointers)).toEqual({ readBy: [], deliveredTo: [{ userId: 'carol' }, { userId: 'dave' }], pending: [{ userId: 'alice' }] });
  });
});

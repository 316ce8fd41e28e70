import { ReadReceipts } from './read-receipts';

describe('ReadReceipts', () => {
  const members = ['me', 'bob', 'carol'];

  it('counts a message as delivered to those whose delivery pointer reached it, and reading as delivery too', () => {
    const receipts = new ReadReceipts('me');
    receipts.reset([
      { userId: 'bob', lastReadSeq: 2, lastDeliveredSeq: 5 },
      { userId: 'carol', lastReadSeq: 0, lastDeliveredSeq: 0 },
    ]);
    expect(receipts.deliveredTo(5, members)).toEqual(['bob']);
    expect(receipts.readersOf(5, members)).toEqual([]);
    expect(receipts.note('carol', 6)).toBe(true);
    expect(receipts.deliveredTo(6, members)).toEqual(['carol']);
    expect(receipts.readersOf(6, members)).toEqual(['carol']);
  });

  it('moves delivery pointers forward only, and says whether a frame changed any mark', () => {
    const receipts = new ReadReceipts('me');
    expect(receipts.noteDelivered([{ userId: 'bob', seq: 4 }])).toBe(true);
    expect(receipts.noteDelivered([{ userId: 'bob', seq: 3 }])).toBe(false);
    expect(receipts.noteDelivered([{ userId: 'me', seq: 9 }])).toBe(false);
    expect(
      receipts.noteDelivered([
        { userId: 'bob', seq: 4 },
        { userId: 'carol', seq: 1 },
      ]),
    ).toBe(true);
    expect(receipts.deliveredTo(4, members)).toEqual(['bob']);
    expect(receipts.deliveredTo(1, members)).toEqual(['bob', 'carol']);
  });
});

import { receiptIntervalFor } from './receipt-pacing';

describe('receiptIntervalFor', () => {
  const pacing = { perSecond: 1_000, minIntervalMs: 1_000, maxIntervalMs: 30_000 };

  it('asks for the least interval while the sockets fit the budget at it', () => {
    expect(receiptIntervalFor(0, 1_000, pacing)).toBe(1_000);
    expect(receiptIntervalFor(1_000, 1_000, pacing)).toBe(1_000);
  });

  it('doubles the interval until the sockets fit: sockets / budget seconds, rounded up to a doubling', () => {
    expect(receiptIntervalFor(1_001, 1_000, pacing)).toBe(2_000);
    expect(receiptIntervalFor(2_000, 1_000, pacing)).toBe(2_000);
    expect(receiptIntervalFor(5_000, 1_000, pacing)).toBe(8_000);
  });

  it('never asks more than the max', () => {
    expect(receiptIntervalFor(1_000_000, 1_000, pacing)).toBe(30_000);
  });

  it('steps down only with a quarter of room below the lower step, so a count at an edge does not flap', () => {
    expect(receiptIntervalFor(1_000, 2_000, pacing)).toBe(2_000); // 1,000 fits 1 s exactly: no room
    expect(receiptIntervalFor(800, 2_000, pacing)).toBe(1_000);
    expect(receiptIntervalFor(1_500, 8_000, pacing)).toBe(2_000);
    expect(receiptIntervalFor(1_700, 8_000, pacing)).toBe(4_000); // 2 s would need 2,125 ms of room
  });

  it('asks the least interval whatever the count when pacing is off (RECEIPTS_PER_SECOND_PER_NODE=0)', () => {
    expect(receiptIntervalFor(100_000, 8_000, { ...pacing, perSecond: 0 })).toBe(1_000);
  });
});

import { ReceiptPacer, receiptIntervalFor } from './receipt-pacing';

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

describe('ReceiptPacer', () => {
  const pacing = { perSecond: 10, minIntervalMs: 1_000, maxIntervalMs: 8_000 };
  /** `count` receipts spread over [from, to). */
  const receipts = (pacer: ReceiptPacer, count: number, from: number, to: number) => {
    for (let i = 0; i < count; i++) pacer.took(from + Math.floor(((to - from) * i) / count));
  };

  it('keeps the least interval for sockets that send nothing, however many there are', () => {
    const pacer = new ReceiptPacer(pacing, 0);
    for (let now = 0; now <= 60_000; now += 1_000) expect(pacer.repace(now)).toBe(false);
    expect(pacer.currentMs).toBe(1_000);
  });

  it('decides only once a window of two intervals is counted, from the receipts a second times the interval', () => {
    const pacer = new ReceiptPacer(pacing, 0);
    receipts(pacer, 50, 0, 2_000); // 25 a second at 1 s: 25 acknowledging, 2.5 s needed at 10 a second
    expect(pacer.repace(1_999)).toBe(false);
    expect(pacer.repace(2_000)).toBe(true);
    expect(pacer.currentMs).toBe(4_000);
  });

  it('counts a new window only from one old interval after a change, and steps down when the receipts stop', () => {
    const pacer = new ReceiptPacer(pacing, 0);
    receipts(pacer, 50, 0, 2_000);
    pacer.repace(2_000); // 4 s, counting from 3 s
    receipts(pacer, 100, 2_000, 3_000); // sent under the old 1 s: not counted
    receipts(pacer, 10, 3_000, 11_000); // 1.25 a second at 4 s: 5 acknowledging, 0.5 s needed
    expect(pacer.repace(10_999)).toBe(false);
    expect(pacer.repace(11_000)).toBe(true);
    expect(pacer.currentMs).toBe(1_000);
  });

  it('keeps an interval the receipts still fill, and windows on from each decision', () => {
    const pacer = new ReceiptPacer(pacing, 0);
    receipts(pacer, 50, 0, 2_000);
    pacer.repace(2_000); // 4 s
    receipts(pacer, 40, 3_000, 11_000); // 5 a second at 4 s: 20 acknowledging, 2 s needed, and 2 s would leave no room
    expect(pacer.repace(11_000)).toBe(false);
    expect(pacer.currentMs).toBe(4_000);
    receipts(pacer, 5, 11_000, 19_000); // the next window, from 11 s: 2.5 acknowledging
    expect(pacer.repace(19_000)).toBe(true);
    expect(pacer.currentMs).toBe(1_000);
  });
});

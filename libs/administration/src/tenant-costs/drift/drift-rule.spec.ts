import { driftOf } from './drift-rule';

describe('driftOf (the cost drift rule)', () => {
  const judge = (cost: number, trailing: number[], ratio = 2) => driftOf({ tenantId: 't', cost, trailing }, ratio);

  it('flags a day that costs at least ratio times the trailing average, with the ratio it found', () => {
    expect(judge(3, [1, 1, 1])).toEqual({ tenantId: 't', cost: 3, baseline: 1, ratio: 3 });
    expect(judge(2, [1, 1, 1])).toMatchObject({ ratio: 2 });
    expect(judge(4, [1, 3], 2)).toMatchObject({ baseline: 2, ratio: 2 });
  });

  it('leaves a day below the ratio alone, however large the ratio set', () => {
    expect(judge(1.99, [1, 1, 1])).toBeNull();
    expect(judge(4, [1, 1], 5)).toBeNull();
    expect(judge(5, [1, 1], 5)).not.toBeNull();
  });

  it('averages over the days the tenant has rows for, not the whole window', () => {
    expect(judge(3, [2])).toBeNull();
    expect(judge(4, [2])).toMatchObject({ baseline: 2 });
  });

  it('never flags a tenant without history or a day without cost; a cost after zero-cost days is drift without a ratio', () => {
    expect(judge(100, [])).toBeNull();
    expect(judge(0, [0, 0])).toBeNull();
    expect(judge(0.5, [0, 0])).toEqual({ tenantId: 't', cost: 0.5, baseline: 0, ratio: null });
  });
});

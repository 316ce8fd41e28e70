import { GB, NO_USAGE, addUsage, priceUsage } from './cost-arithmetic';

const prices = { currency: 'EUR', perConnectionHour: 0.01, perGbMonthStorage: 0.3, perGbEgress: 0.09 };

describe('priceUsage (the price sheet applied to a tenant usage)', () => {
  it('prices connection hours, egress gigabytes and storage gigabyte-months, and totals them', () => {
    const cost = priceUsage({ connectionSeconds: 7200, socketEgressBytes: 2 * GB, mediaEgressBytes: GB / 2, messageStorageByteDays: 10 * GB, mediaStorageByteDays: 50 * GB }, prices);
    expect(cost).toEqual({ connections: 0.02, socketEgress: 0.18, mediaEgress: 0.045, storage: 0.6, total: 0.845 });
  });

  it('costs nothing without usage or without prices', () => {
    expect(priceUsage(NO_USAGE, prices)).toEqual({ connections: 0, socketEgress: 0, mediaEgress: 0, storage: 0, total: 0 });
    expect(priceUsage({ ...NO_USAGE, connectionSeconds: 3600 }, { ...prices, perConnectionHour: 0 }).total).toBe(0);
  });

  it('rounds each amount to a millionth and totals the exact amounts, not the rounded ones', () => {
    expect(priceUsage({ ...NO_USAGE, connectionSeconds: 1 }, { ...prices, perConnectionHour: 1 }).connections).toBe(0.000278);
    // Each amount is 0.0000004: rounded alone it is nothing, yet the three make a millionth.
    const tiny = 0.0000004 * GB;
    expect(priceUsage({ ...NO_USAGE, connectionSeconds: 0.0000004 * 3600, socketEgressBytes: tiny, mediaEgressBytes: tiny }, { ...prices, perConnectionHour: 1, perGbEgress: 1 })).toEqual({
      connections: 0,
      socketEgress: 0,
      mediaEgress: 0,
      storage: 0,
      total: 0.000001,
    });
  });

  it('adds usages field by field', () => {
    const a = { connectionSeconds: 1, socketEgressBytes: 2, mediaEgressBytes: 3, messageStorageByteDays: 4, mediaStorageByteDays: 5 };
    expect(addUsage(a, a)).toEqual({ connectionSeconds: 2, socketEgressBytes: 4, mediaEgressBytes: 6, messageStorageByteDays: 8, mediaStorageByteDays: 10 });
  });
});

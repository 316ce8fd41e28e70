import type { CostDriftEntry, TenantUsageTotals } from '@chat/contracts';
import { bytesText, connectionHoursText, dayText, driftShortText, driftText, isPriced, moneyText, rangeText, usageText } from './cost-format';

// Outside a browser the page's locale is English (active-locale.ts).
describe('cost formatting', () => {
  it('writes bytes in binary steps, as the server prices them', () => {
    expect(bytesText(0)).toBe('0 bytes');
    expect(bytesText(900)).toBe('900 bytes');
    expect(bytesText(5000)).toBe('4.9 kB');
    expect(bytesText(1024 ** 2 * 1.25)).toBe('1.3 MB');
    expect(bytesText(1024 ** 3 * 3)).toBe('3 GB');
  });

  it('writes connection time in hours, keeping a few seconds visible', () => {
    expect(connectionHoursText(5400)).toBe('1.5 hours');
    expect(connectionHoursText(0)).toBe('0 hours');
    expect(connectionHoursText(12)).toBe('0.0033 hours');
  });

  it('writes money in the currency, a fraction of a cent not as 0.00', () => {
    expect(moneyText(12345.678, 'EUR')).toBe('€12,345.68');
    expect(moneyText(0.00042, 'USD')).toBe('$0.00042');
    expect(moneyText(0, 'USD')).toBe('$0.00');
  });

  it('counts storage as what was kept for a month: each daily snapshot a thirtieth', () => {
    const usage: TenantUsageTotals = { connectionSeconds: 0, socketEgressBytes: 0, mediaEgressBytes: 0, messageStorageByteDays: 20 * 1024 ** 3, mediaStorageByteDays: 10 * 1024 ** 3 };
    expect(usageText('storage', usage)).toBe('1 GB for a month');
    expect(usageText('mediaEgress', { ...usage, mediaEgressBytes: 2048 })).toBe('2 kB');
  });

  it('knows a server without a price sheet: every price 0', () => {
    expect(isPriced({ currency: 'USD', perConnectionHour: 0, perGbEgress: 0, perGbMonthStorage: 0 })).toBe(false);
    expect(isPriced({ currency: 'USD', perConnectionHour: 0, perGbEgress: 0.09, perGbMonthStorage: 0 })).toBe(true);
  });

  it('names UTC days as dates, whatever the machine’s zone', () => {
    expect(dayText('2026-12-01')).toBe('Dec 1, 2026');
    expect(rangeText('2026-12-01', '2026-12-04')).toBe('Dec 1\u2009–\u20094, 2026 (UTC days)');
  });

  it('says on what day the cost drifted and how many times its usual', () => {
    const entry: CostDriftEntry = { tenantId: 't', day: '2026-12-03', cost: 5000, baseline: 1000, ratio: 5, detectedAt: '2026-12-04T00:01:00Z' };
    expect(driftText(entry, 'EUR')).toBe('Cost drift on Dec 3, 2026: €5,000.00, 5 times its usual €1,000.00 a day.');
    expect(driftShortText({ ...entry, ratio: 2.345 })).toBe('Dec 3, 2026: 2.3× usual');
    expect(driftText({ ...entry, baseline: 0, ratio: null }, 'EUR')).toBe('Cost drift on Dec 3, 2026: €5,000.00, after days that cost nothing.');
  });
});

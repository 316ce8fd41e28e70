import { periodRange } from './cost-periods';

describe('cost periods', () => {
  const at = (iso: string) => new Date(iso);

  it('this month so far runs from the first of the UTC month to today', () => {
    expect(periodRange('thisMonth', at('2026-12-04T17:00:00Z'))).toEqual({ from: '2026-12-01', to: '2026-12-04' });
    expect(periodRange('thisMonth', at('2026-12-01T00:00:00Z'))).toEqual({ from: '2026-12-01', to: '2026-12-01' });
  });

  it('goes by the UTC day, not the machine’s: late on the 31st in UTC-5 is already the next month', () => {
    expect(periodRange('thisMonth', at('2026-01-31T23:30:00-05:00'))).toEqual({ from: '2026-02-01', to: '2026-02-01' });
  });

  it('last month is the whole previous month, across a year and in a leap February', () => {
    expect(periodRange('lastMonth', at('2026-12-04T10:00:00Z'))).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(periodRange('lastMonth', at('2027-01-15T10:00:00Z'))).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(periodRange('lastMonth', at('2028-03-31T10:00:00Z'))).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });

  it('the last 30 days are today and the 29 before it', () => {
    expect(periodRange('last30Days', at('2026-03-10T08:00:00Z'))).toEqual({ from: '2026-02-09', to: '2026-03-10' });
    expect(periodRange('last30Days', at('2027-01-05T08:00:00Z'))).toEqual({ from: '2026-12-07', to: '2027-01-05' });
  });
});

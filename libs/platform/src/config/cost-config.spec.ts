import { ConfigError, loadConfig } from './app-config';

describe('cost configuration (COST_*, USAGE_FLUSH_SECONDS)', () => {
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (err) {
      return (err as ConfigError).problems;
    }
  };

  it('defaults to metering without prices, a daily drift job and a minute between flushes', () => {
    expect(loadConfig({}).costs).toEqual({
      currency: 'USD',
      perConnectionHour: 0,
      perGbMonthStorage: 0,
      perGbEgress: 0,
      flushMs: 60_000,
      reportMaxDays: 366,
      driftIntervalMs: 86_400_000,
      driftWindowDays: 7,
      driftRatio: 2,
    });
  });

  it('reads decimal prices and ratios', () => {
    const { costs } = loadConfig({ COST_CURRENCY: 'EUR', COST_PER_CONNECTION_HOUR: '0.0025', COST_PER_GB_EGRESS: '0.09', COST_PER_GB_MONTH_STORAGE: '0.023', COST_DRIFT_RATIO: '1.5', USAGE_FLUSH_SECONDS: '5' });
    expect(costs).toMatchObject({ currency: 'EUR', perConnectionHour: 0.0025, perGbEgress: 0.09, perGbMonthStorage: 0.023, driftRatio: 1.5, flushMs: 5_000 });
  });

  it('refuses bad values by name', () => {
    const problems = problemsOf({ COST_CURRENCY: 'euro', COST_PER_GB_EGRESS: '-1', COST_PER_CONNECTION_HOUR: '1e3', COST_DRIFT_RATIO: '0.5', COST_REPORT_MAX_DAYS: '0', USAGE_FLUSH_SECONDS: '0' });
    for (const name of ['COST_CURRENCY', 'COST_PER_GB_EGRESS', 'COST_PER_CONNECTION_HOUR', 'COST_DRIFT_RATIO', 'COST_REPORT_MAX_DAYS', 'USAGE_FLUSH_SECONDS']) {
      expect(problems.some((p: string) => p.startsWith(name))).toBe(true);
    }
  });
});

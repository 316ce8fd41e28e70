import { ValidationError } from '@chat/platform';
import { reportRange } from './report-range';

describe('reportRange (from/to of the cost reports)', () => {
  const problems = (query: { from?: unknown; to?: unknown }, maxDays = 31) => {
    try {
      reportRange(query, maxDays);
      return [];
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      return (err as ValidationError).details.map((d) => `${d.field}: ${d.problem}`);
    }
  };

  it('takes two UTC days in order and counts both ends', () => {
    expect(reportRange({ from: '2026-01-01', to: '2026-01-31' }, 31)).toEqual({ from: '2026-01-01', to: '2026-01-31', days: 31 });
    expect(reportRange({ from: '2026-03-05', to: '2026-03-05' }, 1)).toEqual({ from: '2026-03-05', to: '2026-03-05', days: 1 });
  });

  it('refuses missing, malformed and impossible days, naming each field', () => {
    expect(problems({})).toEqual(['from: must be a UTC day as YYYY-MM-DD', 'to: must be a UTC day as YYYY-MM-DD']);
    expect(problems({ from: '2026-1-01', to: '2026-01-02' })).toEqual(['from: must be a UTC day as YYYY-MM-DD']);
    expect(problems({ from: '2026-02-01', to: '2026-02-30' })).toEqual(['to: must be a UTC day as YYYY-MM-DD']);
    expect(problems({ from: '2026-01-01T00:00:00Z', to: '2026-01-02' })).toHaveLength(1);
    expect(problems({ from: ['2026-01-01'], to: '2026-01-02' })).toHaveLength(1);
  });

  it('refuses from after to, and a range longer than the maximum', () => {
    expect(problems({ from: '2026-01-02', to: '2026-01-01' })).toEqual(['to: must not be before from']);
    expect(problems({ from: '2026-01-01', to: '2026-02-01' }, 31)).toEqual(['to: must be at most 31 days from from (COST_REPORT_MAX_DAYS), both included']);
    expect(problems({ from: '2026-01-01', to: '2026-01-31' }, 31)).toEqual([]);
  });
});

import type { CostRangeQuery } from '@chat/contracts';

/** The periods the Organization dialog offers for its costs; the first is the default. */
export const COST_PERIODS = ['thisMonth', 'lastMonth', 'last30Days'] as const;
export type CostPeriod = (typeof COST_PERIODS)[number];

export function isCostPeriod(value: string): value is CostPeriod {
  return (COST_PERIODS as readonly string[]).includes(value);
}

/**
 * The UTC days (both ends included) a period spans at `now`. The server meters and prices by UTC
 * day, so the month is the UTC month whatever the page's time zone: a report then adds up the
 * same days for everyone who asks.
 */
export function periodRange(period: CostPeriod, now: Date): CostRangeQuery {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const day = now.getUTCDate();
  switch (period) {
    case 'thisMonth':
      return { from: utcDay(year, month, 1), to: utcDay(year, month, day) };
    case 'lastMonth':
      // Day 0 of this month is the last day of the one before (Date.UTC rolls months and years over).
      return { from: utcDay(year, month - 1, 1), to: utcDay(year, month, 0) };
    case 'last30Days':
      return { from: utcDay(year, month, day - 29), to: utcDay(year, month, day) };
  }
}

function utcDay(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month, day)).toISOString().slice(0, 10);
}

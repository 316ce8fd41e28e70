import { ValidationError } from '@chat/platform';

const DAY_MS = 86_400_000;

export interface ReportRange {
  from: string;
  to: string;
  days: number;
}

/**
 * `from` and `to` of a cost report: UTC days `YYYY-MM-DD` (real dates), `from` not after `to`,
 * spanning at most `maxDays` days (both ends counted). VALIDATION_FAILED names each bad field.
 */
export function reportRange(query: { from?: unknown; to?: unknown }, maxDays: number): ReportRange {
  const problems: { field: string; problem: string }[] = [];
  const from = dayOf(query.from, 'from', problems);
  const to = dayOf(query.to, 'to', problems);
  if (from !== null && to !== null) {
    const days = (to - from) / DAY_MS + 1;
    if (days < 1) problems.push({ field: 'to', problem: 'must not be before from' });
    else if (days > maxDays) problems.push({ field: 'to', problem: `must be at most ${maxDays} days from from (COST_REPORT_MAX_DAYS), both included` });
    if (!problems.length) return { from: query.from as string, to: query.to as string, days };
  }
  throw new ValidationError(problems);
}

function dayOf(value: unknown, field: string, problems: { field: string; problem: string }[]): number | null {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const time = Date.parse(`${value}T00:00:00Z`);
    // Date.parse takes 2026-02-30 as March 2nd: a real date prints back as itself.
    if (!Number.isNaN(time) && new Date(time).toISOString().startsWith(value)) return time;
  }
  problems.push({ field, problem: 'must be a UTC day as YYYY-MM-DD' });
  return null;
}

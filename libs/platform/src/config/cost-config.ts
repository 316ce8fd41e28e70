import type { EnvReader } from './env-reader';

/**
 * Per-tenant usage metering and cost reports (seed 003 R19.3; @chat/administration tenant-costs/).
 * Prices are 0 by default: usage is metered either way, costs show once an operator sets prices.
 */
export interface CostConfig {
  /** COST_CURRENCY: the ISO 4217 code the prices are in (reports state it). */
  currency: string;
  /** COST_PER_CONNECTION_HOUR: price of one socket open for an hour. */
  perConnectionHour: number;
  /** COST_PER_GB_MONTH_STORAGE: price of keeping 2^30 bytes (messages and media) for 30 days. */
  perGbMonthStorage: number;
  /** COST_PER_GB_EGRESS: price of 2^30 bytes sent to clients (socket frames and media downloads). */
  perGbEgress: number;
  /** USAGE_FLUSH_SECONDS: how often each node adds its metered usage to Postgres (and at shutdown). */
  flushMs: number;
  /** COST_REPORT_MAX_DAYS: the longest range (in days, both ends included) a cost report may span. */
  reportMaxDays: number;
  /** COST_DRIFT_INTERVAL_SECONDS: how often the drift job runs (one node at a time; also shortly after start). */
  driftIntervalMs: number;
  /** COST_DRIFT_WINDOW_DAYS: the trailing days whose average cost the last day is compared with. */
  driftWindowDays: number;
  /** COST_DRIFT_RATIO: the last day's cost at least this many times the average flags the tenant. */
  driftRatio: number;
}

export function readCosts(r: EnvReader): CostConfig {
  const currency = r.string('COST_CURRENCY', 'USD');
  if (!/^[A-Z]{3}$/.test(currency)) r.problems.push(`COST_CURRENCY must be a three-letter ISO 4217 code (got "${currency}")`);
  return {
    currency,
    perConnectionHour: decimal(r, 'COST_PER_CONNECTION_HOUR', 0),
    perGbMonthStorage: decimal(r, 'COST_PER_GB_MONTH_STORAGE', 0),
    perGbEgress: decimal(r, 'COST_PER_GB_EGRESS', 0),
    flushMs: r.int('USAGE_FLUSH_SECONDS', 60, 1, 3_600) * 1000,
    reportMaxDays: r.int('COST_REPORT_MAX_DAYS', 366, 1, 3_660),
    driftIntervalMs: r.int('COST_DRIFT_INTERVAL_SECONDS', 86_400, 60, 7 * 86_400) * 1000,
    driftWindowDays: r.int('COST_DRIFT_WINDOW_DAYS', 7, 1, 90),
    driftRatio: decimal(r, 'COST_DRIFT_RATIO', 2, 1),
  };
}

/** A finite decimal number of at least `min` (prices and ratios, which EnvReader.int cannot hold). */
function decimal(r: EnvReader, name: string, fallback: number, min = 0): number {
  const raw = r.string(name, null);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw.trim()) || !Number.isFinite(value) || value < min) {
    r.problems.push(`${name} must be a decimal number of at least ${min} (got "${raw}")`);
    return fallback;
  }
  return value;
}

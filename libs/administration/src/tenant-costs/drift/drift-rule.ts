/** One tenant's daily costs: the day judged, and the earlier days of the window it has usage rows for. */
export interface TenantDailyCosts {
  tenantId: string;
  cost: number;
  /** Costs of the trailing days that have a row (a day without one is a day before the tenant was metered). */
  trailing: number[];
}

export interface DriftVerdict {
  tenantId: string;
  cost: number;
  baseline: number;
  ratio: number | null;
}

/**
 * The drift rule: a tenant drifts when its cost on the judged day is at least `ratio` times the
 * average of its trailing days. The average is over the days it has rows for, so a tenant
 * younger than the window is compared with the days it has lived. No history (a new tenant) or
 * no cost is never drift; a cost after a history of zero cost is (ratio null).
 */
export function driftOf({ tenantId, cost, trailing }: TenantDailyCosts, ratio: number): DriftVerdict | null {
  if (trailing.length === 0 || cost <= 0) return null;
  const baseline = trailing.reduce((a, b) => a + b, 0) / trailing.length;
  if (baseline > 0 && cost < ratio * baseline) return null;
  return { tenantId, cost, baseline, ratio: baseline > 0 ? cost / baseline : null };
}

/** One monthly partition of `messages`: the ids of the messages made from `from` until `to` (UTC). */
export interface MonthPartition {
  name: string;
  from: Date;
  to: Date;
}

/** The first instant of `at`'s month, UTC. */
export function monthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

function addMonths(at: Date, months: number): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + months, 1));
}

/** `messages_y2027m03`: the month a partition starts in, sortable and safe as an identifier. */
export function partitionName(from: Date): string {
  return `messages_y${from.getUTCFullYear()}m${String(from.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * The partitions that continue the table from `coveredUntil` (the upper bound of the newest
 * partition) so that every message made before the end of the month `monthsAhead` months after
 * `now`'s has one: month by month, the first one from `coveredUntil` to the end of its month (the
 * partition after the pre-partitioning table may start mid-month). Contiguous by construction, so
 * there is never a gap a send could fall into, nor an overlap Postgres would refuse.
 */
export function partitionsToAdd(coveredUntil: Date, now: Date, monthsAhead: number): MonthPartition[] {
  const horizon = addMonths(monthStart(now), monthsAhead + 1);
  const added: MonthPartition[] = [];
  for (let from = coveredUntil; from < horizon; ) {
    const to = addMonths(monthStart(from), 1);
    added.push({ name: partitionName(from), from, to });
    from = to;
  }
  return added;
}

/** The instant a UUIDv7 bound names (its first 48 bits are milliseconds since the epoch). */
export function boundTime(id: string): Date {
  return new Date(parseInt(id.replace(/-/g, '').slice(0, 12), 16));
}

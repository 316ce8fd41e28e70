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

export const DAY_MS = 86_400_000;

/** The first instant of the month `months` months after `at`'s, UTC. */
export function addMonths(at: Date, months: number): Date {
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
  const horizon = addMonths(now, monthsAhead + 1);
  const added: MonthPartition[] = [];
  for (let from = coveredUntil; from < horizon; ) {
    const to = addMonths(from, 1);
    added.push({ name: partitionName(from), from, to });
    from = to;
  }
  return added;
}

/** The instant a UUIDv7 bound names (its first 48 bits are milliseconds since the epoch). */
export function boundTime(id: string): Date {
  return new Date(parseInt(id.replace(/-/g, '').slice(0, 12), 16));
}

/**
 * How far from a month's start a send counts as near it: longer than a send can be in flight between
 * taking its id and committing (SEND_QUEUE_WAIT_MAX_MS is at most 10 minutes, a statement seconds).
 */
export const MONTH_START_GUARD_MS = 15 * 60_000;

/**
 * Whether a message made at `at` is near a month's start, on either side: two copies of one send
 * in flight at once may then take ids in two monthly partitions, whose unique indexes cannot see
 * each other, so the append statement also records its key in month_start_send_keys (migration 1809).
 */
export function nearMonthStart(at: Date): boolean {
  const start = monthStart(at).getTime();
  const next = addMonths(at, 1).getTime();
  return at.getTime() - start < MONTH_START_GUARD_MS || next - at.getTime() <= MONTH_START_GUARD_MS;
}

import type { AuditLogQuery, AuditSummaryQuery } from '@chat/contracts';
import { ValidationError, pageLimit, type AppConfig } from '@chat/platform';

/** A log request's page size (AUDIT_LOG_DEFAULT_LIMIT, at most AUDIT_LOG_MAX_LIMIT), its time range checked. */
export function auditLogPage(filter: AuditLogQuery, audit: AppConfig['audit']): number {
  const limit = pageLimit(filter.limit, audit.logDefaultLimit, audit.logMaxLimit);
  if (filter.since && filter.until) timeRange(filter.since, filter.until);
  return limit;
}

/** A summary's span: `until` defaults to now, and the span may be at most AUDIT_SUMMARY_MAX_DAYS. */
export function auditSummarySpan(query: AuditSummaryQuery, audit: AppConfig['audit'], now: Date): { since: Date; until: Date } {
  const span = timeRange(query.since, query.until ?? now.toISOString());
  if (span.until.getTime() - span.since.getTime() > audit.summaryMaxDays * 86_400_000) {
    throw new ValidationError([{ field: 'since', problem: `must be at most ${audit.summaryMaxDays} days before until` }]);
  }
  return span;
}

function timeRange(since: string, until: string): { since: Date; until: Date } {
  const range = { since: new Date(since), until: new Date(until) };
  if (!(range.since < range.until)) throw new ValidationError([{ field: 'until', problem: 'must be later than since' }]);
  return range;
}

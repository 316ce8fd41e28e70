import { ValidationError } from '@chat/platform';
import { auditLogPage, auditSummarySpan } from './audit-window';

const audit = { retentionDays: 365, logDefaultLimit: 50, logMaxLimit: 500, summaryMaxDays: 31 };

describe('audit log windows', () => {
  it('pages by the default size, refuses one above the maximum and a range that ends before it starts', () => {
    expect(auditLogPage({}, audit)).toBe(50);
    expect(auditLogPage({ limit: 500 }, audit)).toBe(500);
    expect(() => auditLogPage({ limit: 501 }, audit)).toThrow(ValidationError);
    expect(() => auditLogPage({ since: '2026-12-02T00:00:00Z', until: '2026-12-01T00:00:00Z' }, audit)).toThrow(/later than since/);
  });

  it('counts up to now by default and refuses a span longer than AUDIT_SUMMARY_MAX_DAYS', () => {
    const now = new Date('2026-12-04T00:00:00Z');
    expect(auditSummarySpan({ since: '2026-11-04T00:00:00Z' }, audit, now)).toEqual({ since: new Date('2026-11-04T00:00:00Z'), until: now });
    expect(() => auditSummarySpan({ since: '2026-11-02T23:59:59Z' }, audit, now)).toThrow(/at most 31 days/);
    expect(() => auditSummarySpan({ since: '2026-12-05T00:00:00Z' }, audit, now)).toThrow(/later than since/);
  });
});

import type { EntityManager } from 'typeorm';
import { ErrorCode, type MessageReport, type ReportStatus } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import type { ReportScope, ReportsRepository } from './reports.repository';

/**
 * Closes a report still open as `status`, for a conversation's moderators and a tenant's
 * administrators alike. The first decision stands, whoever made it (a moderator, an administrator,
 * an account ban with `closeReports`): a closed report is 409 REPORT_ALREADY_RESOLVED, and one
 * that is not the resolver's to close in `scope` is 404 REPORT_NOT_FOUND, as an unknown id is.
 */
export async function closeReport(reports: ReportsRepository, em: EntityManager, scope: ReportScope, reportId: string, status: Exclude<ReportStatus, 'open'>, resolverId: string): Promise<MessageReport> {
  const report = await reports.resolve(em, scope, reportId, status, resolverId);
  if (report) return report;
  const closedAs = await reports.statusOf(em, scope, reportId, resolverId);
  if (closedAs) throw new DomainError(ErrorCode.REPORT_ALREADY_RESOLVED, `This report is closed already: ${closedAs}`, 'Reload the reports; a closed report keeps its first outcome');
  const where = 'conversationId' in scope ? 'this conversation' : 'this organisation';
  throw new DomainError(ErrorCode.REPORT_NOT_FOUND, `No such report in ${where}`, 'List the reports to find its id');
}

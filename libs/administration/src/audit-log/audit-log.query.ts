import { Query } from '@nestjs/cqrs';
import type { AuditLogQuery as AuditLogFilter, AuditLogResponse, AuditSummaryQuery as AuditSummaryRange, AuditSummaryResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class AuditLogQuery extends Query<AuditLogResponse> {
  constructor(
    readonly principal: Principal,
    readonly filter: AuditLogFilter,
  ) {
    super();
  }
}

export class AuditSummaryQuery extends Query<AuditSummaryResponse> {
  constructor(
    readonly principal: Principal,
    readonly range: AuditSummaryRange,
  ) {
    super();
  }
}

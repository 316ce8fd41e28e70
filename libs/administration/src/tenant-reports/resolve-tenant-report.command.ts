import { Command } from '@nestjs/cqrs';
import type { MessageReport, ResolveReportRequest } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class ResolveTenantReportCommand extends Command<MessageReport> {
  constructor(
    readonly principal: Principal,
    readonly reportId: string,
    readonly request: ResolveReportRequest,
  ) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';
import type { MessageReport, ResolveReportRequest } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class ResolveReportCommand extends Command<MessageReport> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
    readonly reportId: string,
    readonly request: ResolveReportRequest,
  ) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';
import type { MessageReport, ReportMessageRequest } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class ReportMessageCommand extends Command<{ report: MessageReport; created: boolean }> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
    readonly messageId: string,
    readonly request: ReportMessageRequest,
  ) {
    super();
  }
}

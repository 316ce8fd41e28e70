import { Command } from '@nestjs/cqrs';
import type { WsTicketResponse } from '@chat/contracts';
import type { Principal } from '../auth/principal';

export class IssueWsTicketCommand extends Command<WsTicketResponse> {
  constructor(
    readonly principal: Principal,
    /** Origin the caller reached us on, used when PUBLIC_URL is not configured. */
    readonly requestOrigin: string,
    /** Scopes the ticket to these conversations; absent: the whole account. */
    readonly conversationIds?: string[],
  ) {
    super();
  }
}

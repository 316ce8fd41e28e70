import { Command } from '@nestjs/cqrs';
import type { ConversationStatus } from '@chat/contracts';
import type { Principal } from '@chat/identity';

/** `POST /v1/conversations/:id/close` (`closed`) and `…/reopen` (`open`). */
export class SetConversationStatusCommand extends Command<void> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
    readonly status: ConversationStatus,
  ) {
    super();
  }
}

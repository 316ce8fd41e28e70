import { Command } from '@nestjs/cqrs';
import type { PinnedMessage } from '@chat/contracts';
import type { Principal } from '@chat/identity';

/** `pinned`: PUT pins the message, DELETE unpins it; both are idempotent. Answers the pin (null after an unpin). */
export class ChangePinCommand extends Command<PinnedMessage | null> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
    readonly messageId: string,
    readonly pinned: boolean,
  ) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';
import type { ReactionsResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

/** `present`: PUT adds my reaction, DELETE takes it back; both are idempotent. */
export class ChangeReactionCommand extends Command<ReactionsResponse> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
    readonly messageId: string,
    readonly emoji: string,
    readonly present: boolean,
  ) {
    super();
  }
}

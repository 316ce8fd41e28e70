import { Command } from '@nestjs/cqrs';
import type { BanRequest, ConversationBan } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class BanMemberCommand extends Command<ConversationBan> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
    readonly request: BanRequest,
  ) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';
import type { Conversation } from '@chat/contracts';
import type { Principal } from '@chat/identity';
import type { UpdateConversationDto } from './update-conversation.dto';

export class UpdateConversationCommand extends Command<Conversation> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
    readonly input: UpdateConversationDto,
  ) {
    super();
  }
}

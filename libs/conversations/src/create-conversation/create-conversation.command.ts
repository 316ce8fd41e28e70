import { Command } from '@nestjs/cqrs';
import type { Conversation } from '@chat/contracts';
import type { Principal } from '@chat/identity';
import type { CreateConversationDto } from './create-conversation.dto';

/** `created` is false when an existing direct conversation was returned instead. */
export class CreateConversationCommand extends Command<{ conversation: Conversation; created: boolean }> {
  constructor(
    readonly principal: Principal,
    readonly input: CreateConversationDto,
  ) {
    super();
  }
}

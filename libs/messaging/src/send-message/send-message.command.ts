import { Command } from '@nestjs/cqrs';
import type { Message } from '@chat/contracts';
import type { Principal } from '@chat/identity';
import type { SendMessageDto } from './send-message.dto';

/** `created` is false for an idempotent replay of an earlier send. */
export class SendMessageCommand extends Command<{ message: Message; created: boolean }> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
    readonly input: SendMessageDto,
  ) {
    super();
  }
}

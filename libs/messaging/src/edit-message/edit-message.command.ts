import { Command } from '@nestjs/cqrs';
import type { Message } from '@chat/contracts';
import type { Principal } from '@chat/identity';
import type { EditMessageDto } from './edit-message.dto';

export class EditMessageCommand extends Command<Message> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
    readonly messageId: string,
    readonly input: EditMessageDto,
  ) {
    super();
  }
}

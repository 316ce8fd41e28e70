import { Command } from '@nestjs/cqrs';
import type { Message } from '@chat/contracts';
import type { Principal } from '@chat/identity';
import type { SendMessageDto } from './send-message.dto';

/**
 * `created` is false for an idempotent replay of an earlier send. `deliverableAtOnce`: the message
 * was just stored and no event that must reach the sockets before it is waiting to be published,
 * so a node that fans out every event itself may emit its frame now rather than at relay time.
 */
export interface SendMessageResult {
  message: Message;
  created: boolean;
  deliverableAtOnce: boolean;
}

export class SendMessageCommand extends Command<SendMessageResult> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
    readonly input: SendMessageDto,
  ) {
    super();
  }
}

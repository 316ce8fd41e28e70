import { Command } from '@nestjs/cqrs';
import type { ReadResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class MarkReadCommand extends Command<ReadResponse> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
    readonly seq: number,
  ) {
    super();
  }
}

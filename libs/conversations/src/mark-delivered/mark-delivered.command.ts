import { Command } from '@nestjs/cqrs';
import type { DeliveredResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class MarkDeliveredCommand extends Command<DeliveredResponse> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
    readonly seq: number,
  ) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';
import type { MessageReceiptsResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class MessageReceiptsQuery extends Query<MessageReceiptsResponse> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
    readonly messageId: string,
  ) {
    super();
  }
}

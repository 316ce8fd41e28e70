import { Query } from '@nestjs/cqrs';
import type { ConversationDetailsResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class GetConversationQuery extends Query<ConversationDetailsResponse> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
  ) {
    super();
  }
}

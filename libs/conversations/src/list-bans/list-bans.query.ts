import { Query } from '@nestjs/cqrs';
import type { ConversationBan } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class ListBansQuery extends Query<ConversationBan[]> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
  ) {
    super();
  }
}

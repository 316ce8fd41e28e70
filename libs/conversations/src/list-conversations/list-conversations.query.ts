import { Query } from '@nestjs/cqrs';
import type { ConversationSummary } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class ListConversationsQuery extends Query<ConversationSummary[]> {
  constructor(readonly principal: Principal) {
    super();
  }
}

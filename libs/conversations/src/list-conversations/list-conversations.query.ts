import { Query } from '@nestjs/cqrs';
import type { ConversationListResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class ListConversationsQuery extends Query<ConversationListResponse> {
  constructor(
    readonly principal: Principal,
    readonly limit: number,
    /** The cursor of the previous page (nextCursor), or null for the first. */
    readonly cursor: string | null,
    /** Only the conversations I starred. */
    readonly favouritesOnly = false,
  ) {
    super();
  }
}

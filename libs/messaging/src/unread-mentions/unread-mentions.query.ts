import { Query } from '@nestjs/cqrs';
import type { UnreadMentionsResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class UnreadMentionsQuery extends Query<UnreadMentionsResponse> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
    readonly limit: number | undefined,
    /** The page before's last seq; undefined: start after my read pointer. */
    readonly after: number | undefined,
  ) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';
import type { ModerationLogQuery as LogFilter, ModerationLogResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class ModerationLogQuery extends Query<ModerationLogResponse> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
    readonly filter: LogFilter,
  ) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';
import type { HistoryResponse } from '@chat/contracts';
import type { HistoryRequest } from '@chat/domain';
import type { Principal } from '@chat/identity';

export class GetHistoryQuery extends Query<HistoryResponse> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
    readonly request: HistoryRequest,
  ) {
    super();
  }
}

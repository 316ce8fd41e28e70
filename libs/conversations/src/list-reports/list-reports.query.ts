import { Query } from '@nestjs/cqrs';
import type { ReportsQuery, ReportsResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class ListReportsQuery extends Query<ReportsResponse> {
  constructor(
    readonly principal: Principal,
    readonly conversationId: string,
    readonly filter: ReportsQuery,
  ) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';
import type { ModerationLogQuery, ModerationLogResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class TenantModerationLogQuery extends Query<ModerationLogResponse> {
  constructor(
    readonly principal: Principal,
    readonly filter: ModerationLogQuery,
  ) {
    super();
  }
}

import { Query } from '@nestjs/cqrs';
import type { BusinessInboxQuery as InboxFilter, BusinessInboxResponse } from '@chat/contracts';
import type { Principal } from '@chat/identity';

export class BusinessInboxQuery extends Query<BusinessInboxResponse> {
  constructor(
    readonly principal: Principal,
    readonly businessId: string,
    readonly filter: InboxFilter,
  ) {
    super();
  }
}

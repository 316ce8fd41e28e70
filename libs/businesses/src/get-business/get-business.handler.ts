import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Business } from '@chat/contracts';
import { BusinessAccess } from '../shared/business-access';
import { BusinessViews } from '../shared/business-views';
import { GetBusinessQuery } from './get-business.query';

/** What a customer sees before writing: name, hours, open now, presence; agents only for insiders. */
@QueryHandler(GetBusinessQuery)
export class GetBusinessHandler implements IQueryHandler<GetBusinessQuery> {
  constructor(
    private readonly access: BusinessAccess,
    private readonly views: BusinessViews,
  ) {}

  async execute({ principal, businessId }: GetBusinessQuery): Promise<Business> {
    return this.views.business(await this.access.require(principal.tenantId, businessId), principal.userId);
  }
}

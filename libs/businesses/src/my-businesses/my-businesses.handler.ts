import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { MyBusiness } from '@chat/contracts';
import { BusinessViews } from '../shared/business-views';
import { BusinessesRepository } from '../shared/businesses.repository';
import { MyBusinessesQuery } from './my-businesses.query';

/** The businesses I run or work for, by name, with my role at each: where an owner's or agent's work starts. */
@QueryHandler(MyBusinessesQuery)
export class MyBusinessesHandler implements IQueryHandler<MyBusinessesQuery> {
  constructor(
    private readonly businesses: BusinessesRepository,
    private readonly views: BusinessViews,
  ) {}

  async execute({ principal }: MyBusinessesQuery): Promise<MyBusiness[]> {
    const rows = await this.businesses.mine(principal.tenantId, principal.userId);
    const businesses = await this.views.list(rows, principal.userId);
    return businesses.map((business, i) => ({ business, role: rows[i].role }));
  }
}

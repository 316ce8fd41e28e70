import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { MyBusinessesResponse } from '@chat/contracts';
import { APP_CONFIG, pageLimit, type AppConfig } from '@chat/platform';
import { BusinessViews } from '../shared/business-views';
import { BusinessesRepository } from '../shared/businesses.repository';
import { decodeCursor, toPage } from '../shared/page-cursor';
import { MyBusinessesQuery } from './my-businesses.query';

/** The businesses I run or work for, by name, with my role at each: where an owner's or agent's work starts. Paged like the search. */
@QueryHandler(MyBusinessesQuery)
export class MyBusinessesHandler implements IQueryHandler<MyBusinessesQuery> {
  constructor(
    private readonly businesses: BusinessesRepository,
    private readonly views: BusinessViews,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, page: request }: MyBusinessesQuery): Promise<MyBusinessesResponse> {
    const { searchDefaultLimit, searchMaxLimit } = this.config.businesses;
    const limit = pageLimit(request.limit, searchDefaultLimit, searchMaxLimit);
    const after = decodeCursor(request.cursor);
    const rows = await this.businesses.mine(principal.tenantId, principal.userId, after && { nameKey: after.key, id: after.id }, limit + 1);
    const { page, nextCursor, hasMore } = toPage(rows, limit, (last) => ({ key: last.nameKey, id: last.id }));
    const businesses = await this.views.list(page, principal.userId);
    return { businesses: businesses.map((business, i) => ({ business, role: page[i].role })), nextCursor, hasMore };
  }
}

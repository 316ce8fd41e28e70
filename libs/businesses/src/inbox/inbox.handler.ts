import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { BusinessInboxResponse } from '@chat/contracts';
import { APP_CONFIG, ValidationError, pageLimit, type AppConfig } from '@chat/platform';
import { BusinessAccess } from '../shared/business-access';
import { BusinessViews } from '../shared/business-views';
import { BusinessesRepository } from '../shared/businesses.repository';
import { decodeCursor, toPage } from '../shared/page-cursor';
import { BusinessInboxQuery } from './inbox.query';

/** An inbox cursor's key: the last row's activity in microseconds since the epoch (a bigint). */
const ACTIVITY_KEY = /^\d{1,18}$/;

/** The business's conversations for its agents (seed 004, req. 7.1), most recently active first, a page at a time. */
@QueryHandler(BusinessInboxQuery)
export class BusinessInboxHandler implements IQueryHandler<BusinessInboxQuery> {
  constructor(
    private readonly businesses: BusinessesRepository,
    private readonly access: BusinessAccess,
    private readonly views: BusinessViews,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, businessId, filter }: BusinessInboxQuery): Promise<BusinessInboxResponse> {
    const { inboxDefaultLimit, inboxMaxLimit } = this.config.businesses;
    const limit = pageLimit(filter.limit, inboxDefaultLimit, inboxMaxLimit);
    const business = await this.access.require(principal.tenantId, businessId);
    await this.access.assertInsider(business, principal.userId);
    const after = decodeCursor(filter.cursor);
    if (after && !ACTIVITY_KEY.test(after.key)) throw new ValidationError([{ field: 'cursor', problem: 'must be a nextCursor this route returned' }]);
    const agent = filter.assigned === 'me' ? { agentId: principal.userId } : filter.assigned === 'none' ? { agentId: null } : {};
    const rows = await this.businesses.inbox(businessId, agent, after && { activityKey: after.key, id: after.id }, limit + 1);
    const { page, nextCursor, hasMore } = toPage(rows, limit, (last) => ({ key: last.activityKey, id: last.conversationId }));
    return { conversations: await this.views.conversations(page), nextCursor, hasMore };
  }
}

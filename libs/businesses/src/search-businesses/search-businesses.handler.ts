import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { BusinessSearchResponse } from '@chat/contracts';
import { APP_CONFIG, ValidationError, assertText, pageLimit, type AppConfig } from '@chat/platform';
import { BusinessViews } from '../shared/business-views';
import { BusinessesRepository } from '../shared/businesses.repository';
import { decodeCursor, toPage } from '../shared/page-cursor';
import { SearchBusinessesQuery } from './search-businesses.query';

/** Words are letters and digits: a query without one has nothing to look up in the name's words. */
const HAS_WORD = /[\p{L}\p{N}]/u;

/** Businesses of my tenant by the start of their name or of a word of it, to message one (closed ones are left out). */
@QueryHandler(SearchBusinessesQuery)
export class SearchBusinessesHandler implements IQueryHandler<SearchBusinessesQuery> {
  constructor(
    private readonly businesses: BusinessesRepository,
    private readonly views: BusinessViews,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, request }: SearchBusinessesQuery): Promise<BusinessSearchResponse> {
    const { searchDefaultLimit, searchMaxLimit } = this.config.businesses;
    const limit = pageLimit(request.limit, searchDefaultLimit, searchMaxLimit);
    const q = request.q.trim();
    if (!HAS_WORD.test(q)) throw new ValidationError([{ field: 'q', problem: 'must contain a letter or digit' }]);
    // A business's name is at most CONVERSATION_NAME_MAX_CHARS (it names its conversations): a longer q finds nothing.
    assertText('q', q, this.config.limits.conversationNameMaxChars);
    const after = decodeCursor(request.cursor);
    const rows = await this.businesses.search(principal.tenantId, q, after && { nameKey: after.key, id: after.id }, limit + 1);
    const { page, nextCursor, hasMore } = toPage(rows, limit, (last) => ({ key: last.nameKey, id: last.id }));
    return { businesses: await this.views.list(page, principal.userId), nextCursor, hasMore };
  }
}

import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { BlocksResponse } from '@chat/contracts';
import { APP_CONFIG, ValidationError, pageLimit, type AppConfig } from '@chat/platform';
import { ListBlocksQuery } from './list-blocks.query';
import { UserBlocksRepository, type BlocksPosition } from './user-blocks.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The people I blocked, the most recent first, a keyset page at a time (BLOCKS_PAGE_DEFAULT_LIMIT / _MAX_LIMIT). */
@QueryHandler(ListBlocksQuery)
export class ListBlocksHandler implements IQueryHandler<ListBlocksQuery> {
  constructor(
    private readonly blocks: UserBlocksRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, page: request }: ListBlocksQuery): Promise<BlocksResponse> {
    const { blocksDefaultLimit, blocksMaxLimit } = this.config.limits;
    const limit = pageLimit(request.limit, blocksDefaultLimit, blocksMaxLimit);
    const rows = await this.blocks.page(principal.tenantId, principal.userId, decodeCursor(request.cursor), limit + 1);
    const page = rows.slice(0, limit);
    const hasMore = rows.length > limit;
    const last = page[page.length - 1];
    return {
      blocks: page.map((b) => ({ user: b.user, blockedAt: b.blockedAt.toISOString() })),
      nextCursor: hasMore ? encodeCursor({ blockedAt: last.blockedAt, userId: last.user.id }) : null,
      hasMore,
    };
  }
}

/** Opaque to clients (base64url of JSON). */
function encodeCursor(position: BlocksPosition): string {
  return Buffer.from(JSON.stringify([position.blockedAt.toISOString(), position.userId]), 'utf8').toString('base64url');
}

/** A cursor this route did not hand out is a 400, never a query with a garbage key. */
function decodeCursor(cursor: string | undefined): BlocksPosition | null {
  if (cursor === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string' && UUID.test(parsed[1])) {
      const blockedAt = new Date(parsed[0]);
      if (!Number.isNaN(blockedAt.getTime())) return { blockedAt, userId: parsed[1] };
    }
  } catch {
    // not JSON: refused below like any other foreign cursor
  }
  throw new ValidationError([{ field: 'cursor', problem: 'must be a nextCursor this route returned' }]);
}

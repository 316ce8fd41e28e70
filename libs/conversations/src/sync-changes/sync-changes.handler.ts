import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ErrorCode, type SyncChange, type SyncResponse } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { MessageAttachments } from '@chat/media';
import { toSyncChange } from '../read-model/change-log';
import { ReadBarrier } from '../read-model/read-barrier';
import { ReadModelRepository } from '../read-model/read-model.repository';
import { decodeCursor, encodeCursor } from './sync-cursor';
import { SyncChangesQuery } from './sync-changes.query';

/**
 * A bounded page of what changed for me after the cursor, in change-log order. The last page's
 * cursor moves past what the tenant's log holds even when nothing in it was mine, so a quiet
 * member's cursor keeps up with the retention's horizon instead of expiring.
 */
@QueryHandler(SyncChangesQuery)
export class SyncChangesHandler implements IQueryHandler<SyncChangesQuery> {
  constructor(
    private readonly barrier: ReadBarrier,
    private readonly readModel: ReadModelRepository,
    private readonly attachments: MessageAttachments,
  ) {}

  async execute({ principal, since, limit }: SyncChangesQuery): Promise<SyncResponse> {
    // Without a cursor the client starts over from what the log still holds (after the horizon).
    const after = since === undefined ? null : decodeCursor(since);
    await this.barrier.awaitCommittedEvents();
    // Read before the page: rows it settles are then in the page's (later) snapshot too.
    const settled = await this.readModel.settledHead(principal.tenantId);
    const { changes, prunedThrough, logHead } = await this.readModel.changesSince(principal.tenantId, principal.userId, after ?? 0, limit + 1);
    if (after !== null && after < prunedThrough) throw cursorExpired();
    if (after !== null && after > logHead) throw cursorUnknown();
    const page = changes.slice(0, limit);
    const hasMore = changes.length > limit;
    const cursor = hasMore ? page.at(-1)!.position : Math.max(after ?? 0, prunedThrough, page.at(-1)?.position ?? 0, settled ?? 0);
    return { changes: page.map((row) => this.withUrls(toSyncChange(row))), cursor: encodeCursor(cursor), hasMore };
  }

  /** The log keeps messages without links (they would expire there); they are signed as they leave. */
  private withUrls(change: SyncChange): SyncChange {
    return change.type === 'message.created' || change.type === 'message.updated' ? { ...change, message: this.attachments.withUrls(change.message) } : change;
  }
}

const RESYNC_HINT = 'Reload your conversations (GET /v1/conversations) and their history, then sync again without a cursor';
const cursorExpired = () => new DomainError(ErrorCode.SYNC_CURSOR_EXPIRED, 'This cursor is older than the change log keeps (SYNC_CHANGES_RETENTION_DAYS)', RESYNC_HINT);
/** A cursor past every position issued: from another deployment, or from before the database was restored. */
const cursorUnknown = () => new DomainError(ErrorCode.SYNC_CURSOR_EXPIRED, 'This cursor is ahead of the change log (issued by another server, or before a restore)', RESYNC_HINT);

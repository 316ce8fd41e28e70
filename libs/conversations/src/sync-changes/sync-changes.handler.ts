import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ErrorCode, type SyncChange, type SyncResponse } from '@chat/contracts';
import { DomainError } from '@chat/domain';
import { MessageAttachments } from '@chat/media';
import { toSyncChange } from '../read-model/change-log';
import { ReadBarrier } from '../read-model/read-barrier';
import { ReadModelRepository } from '../read-model/read-model.repository';
import { decodeCursor, encodeCursor } from './sync-cursor';
import { SyncChangesQuery } from './sync-changes.query';

/** A bounded page of what changed for me after the cursor, in change-log order. */
@QueryHandler(SyncChangesQuery)
export class SyncChangesHandler implements IQueryHandler<SyncChangesQuery> {
  constructor(
    private readonly barrier: ReadBarrier,
    private readonly readModel: ReadModelRepository,
    private readonly attachments: MessageAttachments,
  ) {}

  async execute({ principal, since, limit }: SyncChangesQuery): Promise<SyncResponse> {
    const after = decodeCursor(since);
    // Without a cursor the client starts over from what the log still holds.
    if (since !== undefined && after < (await this.readModel.prunedThrough())) throw cursorExpired();
    await this.barrier.awaitCommittedEvents();
    const rows = await this.readModel.changesFor(principal.tenantId, principal.userId, after, limit + 1);
    const page = rows.slice(0, limit);
    return { changes: page.map((row) => this.withUrls(toSyncChange(row))), cursor: encodeCursor(page.at(-1)?.position ?? after), hasMore: rows.length > limit };
  }

  /** The log keeps messages without links (they would expire there); they are signed as they leave. */
  private withUrls(change: SyncChange): SyncChange {
    return change.type === 'message.created' || change.type === 'message.updated' ? { ...change, message: this.attachments.withUrls(change.message) } : change;
  }
}

const cursorExpired = () =>
  new DomainError(ErrorCode.SYNC_CURSOR_EXPIRED, 'This cursor is older than the change log keeps (SYNC_CHANGES_RETENTION_DAYS)', 'Reload your conversations (GET /v1/conversations) and their history, then sync again without a cursor');

import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { SyncResponse } from '@chat/contracts';
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
  ) {}

  async execute({ principal, since, limit }: SyncChangesQuery): Promise<SyncResponse> {
    const after = decodeCursor(since);
    await this.barrier.awaitCommittedEvents();
    const rows = await this.readModel.changesFor(principal.tenantId, principal.userId, after, limit + 1);
    const page = rows.slice(0, limit);
    return { changes: page.map(toSyncChange), cursor: encodeCursor(page.at(-1)?.position ?? after), hasMore: rows.length > limit };
  }
}

import { Injectable } from '@nestjs/common';
import { inBatches } from '@chat/platform';
import { MessagesRepository } from '../shared/messages.repository';
import { Tombstones } from '../shared/tombstones';

/**
 * Erases a deleted account's messages: each becomes a tombstone exactly as a deletion by its sender
 * would, a batch per transaction so none is long however many messages there are. Idempotent: what
 * a crash left is found again by the next call.
 */
@Injectable()
export class AccountMessagesEraser {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly tombstones: Tombstones,
  ) {}

  /** Erases every message of the account; answers how many. */
  async eraseAll(tenantId: string, userId: string, batch: number): Promise<number> {
    let erased = 0;
    for (const conversationId of await this.messages.conversationsWithLiveMessagesOf(tenantId, userId)) {
      erased += await inBatches(batch, () => this.eraseBatch(conversationId, userId, batch));
    }
    return erased;
  }

  private eraseBatch(conversationId: string, userId: string, limit: number): Promise<number> {
    return this.messages.transaction(async (em) => {
      const rows = await this.messages.liveMessagesIn(em, conversationId, userId, limit);
      await this.tombstones.make(em, rows, userId);
      return rows.length;
    });
  }
}

import { Injectable } from '@nestjs/common';
import { EventName } from '@chat/contracts';
import { OutboxWriter } from '@chat/persistence';
import { messageEvent } from '../shared/message-events';
import { toMessage } from '../shared/message.mapper';
import { MessagesRepository } from '../shared/messages.repository';

/**
 * Erases a deleted account's messages: each becomes a tombstone exactly as a deletion by its sender
 * would (content and reactions gone, seq kept, `message.deleted` for every projection and every
 * member's screen), a batch per transaction so none is long however many messages there are.
 * Idempotent: what a crash left is found again by the next call.
 */
@Injectable()
export class AccountMessagesEraser {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Erases every message of the account; answers how many. */
  async eraseAll(tenantId: string, userId: string, batch: number): Promise<number> {
    let erased = 0;
    for (const conversationId of await this.messages.conversationsWithLiveMessagesOf(tenantId, userId)) {
      let n: number;
      do {
        n = await this.eraseBatch(tenantId, conversationId, userId, batch);
        erased += n;
      } while (n === batch);
    }
    return erased;
  }

  private eraseBatch(tenantId: string, conversationId: string, userId: string, limit: number): Promise<number> {
    return this.messages.transaction(async (em) => {
      const rows = await this.messages.liveMessagesIn(em, conversationId, userId, limit);
      const events = [];
      for (const row of rows) {
        const message = toMessage(await this.messages.tombstone(em, row));
        events.push(messageEvent(EventName.MessageDeleted, tenantId, conversationId, { message, deletedBy: userId }));
      }
      await this.outbox.append(em, events);
      return rows.length;
    });
  }
}

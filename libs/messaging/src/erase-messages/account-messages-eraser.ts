import { Injectable } from '@nestjs/common';
import { EventName } from '@chat/contracts';
import { OutboxWriter } from '@chat/persistence';
import { inBatches } from '@chat/platform';
import { messageEvent } from '../shared/message-events';
import { MessagesRepository } from '../shared/messages.repository';
import { Tombstones } from '../shared/tombstones';

/**
 * Erases a deleted account's messages and reactions: each message becomes a tombstone exactly as a
 * deletion by its sender would, and each reaction is taken back as its giver would take it back
 * (members' clients, the conversation list and sync see the counts drop), a batch per transaction
 * so none is long however many there are. Idempotent: what a crash left is found again by the next call.
 */
@Injectable()
export class AccountMessagesEraser {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly tombstones: Tombstones,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Erases every reaction and message of the account; answers how many it erased. */
  async eraseAll(tenantId: string, userId: string, batch: number): Promise<number> {
    let erased = await inBatches(batch, () => this.withdrawReactions(tenantId, userId, batch));
    for (const conversationId of await this.messages.conversationsWithLiveMessagesOf(tenantId, userId)) {
      erased += await inBatches(batch, () => this.eraseBatch(conversationId, userId, batch));
    }
    return erased;
  }

  private withdrawReactions(tenantId: string, userId: string, limit: number): Promise<number> {
    return this.messages.transaction(async (em) => {
      const withdrawn = await this.messages.withdrawReactionsOf(em, tenantId, userId, limit);
      const counts = await this.messages.reactions([...new Set(withdrawn.map((r) => r.messageId))], userId, em);
      await this.outbox.append(
        em,
        withdrawn.map(({ conversationId, messageId, seq, emoji }) =>
          messageEvent(EventName.ReactionChanged, tenantId, conversationId, { conversationId, messageId, seq, userId, emoji, added: false, reactions: counts.get(messageId)?.counts ?? {} }),
        ),
      );
      return withdrawn.length;
    });
  }

  private eraseBatch(conversationId: string, userId: string, limit: number): Promise<number> {
    return this.messages.transaction(async (em) => {
      const rows = await this.messages.liveMessagesIn(em, conversationId, userId, limit);
      await this.tombstones.make(em, rows, userId);
      return rows.length;
    });
  }
}

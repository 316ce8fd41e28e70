import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertCanDeleteMessage } from '@chat/domain';
import { ModerationRepository } from '@chat/conversations';
import { UserRateLimits } from '@chat/platform';
import { MessageAccess } from '../shared/message-access';
import { MessagesRepository } from '../shared/messages.repository';
import { Tombstones } from '../shared/tombstones';
import { DeleteMessageCommand } from './delete-message.command';

/**
 * Leaves a tombstone (seq kept, content erased). Deleting a tombstone again is a no-op. Every attempt
 * spends one of the user's RATE_LIMIT_DELETES_PER_MINUTE first.
 */
@CommandHandler(DeleteMessageCommand)
export class DeleteMessageHandler implements ICommandHandler<DeleteMessageCommand> {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly messageAccess: MessageAccess,
    private readonly tombstones: Tombstones,
    private readonly moderation: ModerationRepository,
    private readonly rates: UserRateLimits,
  ) {}

  async execute({ principal, conversationId, messageId }: DeleteMessageCommand): Promise<void> {
    await this.rates.spend('deletesPerMinute', principal.userId);
    await this.messages.transaction(async (em) => {
      // The body is erased unread: a message whose stored body no longer opens can still be deleted.
      const { row, role } = await this.messageAccess.lockForChange(em, principal, conversationId, messageId, { openBody: false });
      assertCanDeleteMessage(principal.userId, role, row);
      if (row.deletedAt) return;
      await this.tombstones.make(em, [row], principal.userId);
      // Deleting someone else's message is moderation: it goes in the log, naming whose it was.
      if (row.senderId !== principal.userId) {
        await this.moderation.record(em, { tenantId: principal.tenantId, conversationId, actorId: principal.userId, action: 'message.deleted', targetUserId: row.senderId, messageId: row.id, details: { seq: row.seq } });
      }
    });
  }
}

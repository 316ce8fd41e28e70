import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventName } from '@chat/contracts';
import { assertCanJoin, isVisibleToOutsiders } from '@chat/domain';
import { OutboxWriter } from '@chat/persistence';
import { UserRateLimits } from '@chat/platform';
import { assertNotBanned } from '../moderation/banned';
import { ModerationRepository } from '../moderation/moderation.repository';
import { notFound } from '../shared/conversation-access';
import { memberEvent } from '../shared/conversation-events';
import { ConversationsRepository } from '../shared/conversations.repository';
import { JoinConversationCommand } from './join-conversation.command';

/**
 * Joining a public channel; joining one you are already in is a no-op. A join that happens spends
 * one of the user's RATE_LIMIT_JOINS_PER_MINUTE (seed 001's room switches), so a script cannot
 * sweep the tenant's channels; a refused or no-op attempt spends nothing, so a client retrying
 * while banned does not lock itself out for after the ban.
 */
@CommandHandler(JoinConversationCommand)
export class JoinConversationHandler implements ICommandHandler<JoinConversationCommand> {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly outbox: OutboxWriter,
    private readonly moderation: ModerationRepository,
    private readonly rates: UserRateLimits,
  ) {}

  async execute({ principal, conversationId }: JoinConversationCommand): Promise<void> {
    const { tenantId, userId } = principal;
    await this.conversations.transaction(async (em) => {
      const conversation = await this.conversations.lock(em, tenantId, conversationId);
      const role = conversation && (await this.conversations.roleOf(tenantId, conversationId, userId, em));
      if (!conversation || (!role && !isVisibleToOutsiders(conversation))) throw notFound();
      if (role) return;
      assertCanJoin(conversation);
      await assertNotBanned(this.moderation, em, conversationId, userId, 'you');
      // Past the budget this throws RateLimitedError, and the transaction rolls back: nothing written.
      await this.rates.spend('joinsPerMinute', userId);
      const lastReadSeq = conversation.lastSeq;
      await this.conversations.addMembers(em, tenantId, conversationId, [{ userId, role: 'member', lastReadSeq }]);
      await this.outbox.append(em, [memberEvent(EventName.MemberJoined, conversation, { userId, role: 'member', actorId: userId, reason: 'joined', lastReadSeq })]);
    });
  }
}

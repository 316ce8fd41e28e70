import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { isVisibleToOutsiders } from '@chat/domain';
import { UserRateLimits } from '@chat/platform';
import { notFound } from '../shared/conversation-access';
import { ConversationsRepository } from '../shared/conversations.repository';
import { JoinConversationCommand } from './join-conversation.command';
import { SelfJoin } from './self-join';

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
    private readonly selfJoin: SelfJoin,
    private readonly rates: UserRateLimits,
  ) {}

  async execute({ principal, conversationId }: JoinConversationCommand): Promise<void> {
    const { tenantId, userId } = principal;
    await this.conversations.transaction(async (em) => {
      const conversation = await this.conversations.lock(em, tenantId, conversationId);
      const role = conversation && (await this.conversations.roleOf(tenantId, conversationId, userId, em));
      if (!conversation || (!role && !isVisibleToOutsiders(conversation))) throw notFound();
      if (role) return;
      await this.selfJoin.assertMayJoin(em, conversation, userId);
      // Past the budget this throws RateLimitedError, and the transaction rolls back: nothing written.
      await this.rates.spend('joinsPerMinute', userId);
      await this.selfJoin.join(em, conversation, userId);
    });
  }
}

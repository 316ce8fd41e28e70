import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventName } from '@chat/contracts';
import { assertCanLeave } from '@chat/domain';
import { OutboxWriter } from '@chat/persistence';
import { ConversationAccess } from '../shared/conversation-access';
import { memberEvent } from '../shared/conversation-events';
import { ConversationsRepository } from '../shared/conversations.repository';
import { LeaveConversationCommand } from './leave-conversation.command';

@CommandHandler(LeaveConversationCommand)
export class LeaveConversationHandler implements ICommandHandler<LeaveConversationCommand> {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly access: ConversationAccess,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute({ principal, conversationId }: LeaveConversationCommand): Promise<void> {
    const { tenantId, userId } = principal;
    await this.conversations.transaction(async (em) => {
      const { conversation, role } = await this.access.lockAsMember(em, tenantId, conversationId, userId);
      assertCanLeave(role, conversation);
      await this.conversations.removeMember(em, tenantId, conversationId, userId);
      await this.outbox.append(em, [memberEvent(EventName.MemberLeft, conversation, { userId, role: null, actorId: userId, reason: 'left' })]);
    });
  }
}

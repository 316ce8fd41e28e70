import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertCanDelete } from '@chat/domain';
import { OutboxWriter } from '@chat/persistence';
import { ConversationAccess } from '../shared/conversation-access';
import { conversationDeletedEvent } from '../shared/conversation-events';
import { ConversationsRepository } from '../shared/conversations.repository';
import { DeleteConversationCommand } from './delete-conversation.command';

/** Soft delete: the conversation disappears for everyone; its history stays for retention and audit. */
@CommandHandler(DeleteConversationCommand)
export class DeleteConversationHandler implements ICommandHandler<DeleteConversationCommand> {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly access: ConversationAccess,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute({ principal, conversationId }: DeleteConversationCommand): Promise<void> {
    await this.conversations.transaction(async (em) => {
      const { conversation, role } = await this.access.lockAsMember(em, principal.tenantId, conversationId, principal.userId);
      assertCanDelete(role);
      const memberIds = await this.conversations.memberIds(principal.tenantId, conversationId, em);
      await this.conversations.update(em, conversation, { deletedAt: new Date() });
      await this.outbox.append(em, [conversationDeletedEvent(conversation, memberIds, principal.userId)]);
    });
  }
}

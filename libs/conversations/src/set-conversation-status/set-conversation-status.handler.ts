import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventName } from '@chat/contracts';
import { assertCanClose, statusOf } from '@chat/domain';
import { OutboxWriter } from '@chat/persistence';
import { ConversationAccess } from '../shared/conversation-access';
import { conversationEvent } from '../shared/conversation-events';
import { ConversationsRepository } from '../shared/conversations.repository';
import { SetConversationStatusCommand } from './set-conversation-status.command';

/**
 * An owner or admin closes a conversation or reopens it. The change takes the conversation row's
 * lock, as every send's append statement does (it takes nothing for a closed one), so no message
 * lands after the close commits; edits and reactions read the status as they start, so one in
 * flight then may still land. Members hear it as a rename: a `conversation.updated` snapshot.
 * Asking for the status it has already writes and announces nothing.
 */
@CommandHandler(SetConversationStatusCommand)
export class SetConversationStatusHandler implements ICommandHandler<SetConversationStatusCommand> {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly access: ConversationAccess,
    private readonly outbox: OutboxWriter,
  ) {}

  async execute({ principal, conversationId, status }: SetConversationStatusCommand): Promise<void> {
    const { tenantId, userId } = principal;
    await this.conversations.transaction(async (em) => {
      const { conversation, role } = await this.access.lockAsMember(em, tenantId, conversationId, userId);
      assertCanClose(role, conversation);
      if (statusOf(conversation) === status) return;
      const changed = await this.conversations.setClosed(em, conversation, status === 'closed');
      await this.outbox.append(em, [conversationEvent(EventName.ConversationUpdated, changed, await this.conversations.memberIds(tenantId, conversationId, em))]);
    });
  }
}

import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, EventName, type Conversation } from '@chat/contracts';
import { DomainError, assertCanUpdate, channelNameKey } from '@chat/domain';
import { OutboxWriter, isUniqueViolation } from '@chat/persistence';
import { APP_CONFIG, assertText, type AppConfig } from '@chat/platform';
import { ConversationAccess } from '../shared/conversation-access';
import { conversationEvent } from '../shared/conversation-events';
import { toConversation } from '../shared/conversation.mapper';
import { ConversationsRepository } from '../shared/conversations.repository';
import { UpdateConversationCommand } from './update-conversation.command';

@CommandHandler(UpdateConversationCommand)
export class UpdateConversationHandler implements ICommandHandler<UpdateConversationCommand> {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly access: ConversationAccess,
    private readonly outbox: OutboxWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, conversationId, input }: UpdateConversationCommand): Promise<Conversation> {
    const name = input.name?.trim();
    assertText('name', name, this.config.limits.conversationNameMaxChars);
    assertText('description', input.description, this.config.limits.descriptionMaxChars);
    try {
      return await this.conversations.transaction(async (em) => {
        const { conversation, role } = await this.access.lockAsMember(em, principal.tenantId, conversationId, principal.userId);
        assertCanUpdate(role, conversation);
        const updated = await this.conversations.update(em, conversation, {
          ...(name ? { name, nameKey: conversation.type === 'channel' ? channelNameKey(name) : null } : {}),
          ...(input.description !== undefined ? { description: input.description.trim() || null } : {}),
        });
        await this.outbox.append(em, [conversationEvent(EventName.ConversationUpdated, updated, await this.conversations.memberIds(principal.tenantId, conversationId, em))]);
        return toConversation(updated);
      });
    } catch (err) {
      if (isUniqueViolation(err, 'conversations_channel_name')) {
        throw new DomainError(ErrorCode.CHANNEL_NAME_TAKEN, 'A channel with this name exists', 'Pick another name', { cause: err });
      }
      throw err;
    }
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, EventName } from '@chat/contracts';
import { DomainError, assertCanRemoveMember } from '@chat/domain';
import { OutboxWriter } from '@chat/persistence';
import { ModerationRepository } from '../moderation/moderation.repository';
import { ConversationAccess } from '../shared/conversation-access';
import { memberEvent } from '../shared/conversation-events';
import { ConversationsRepository } from '../shared/conversations.repository';
import { RemoveMemberCommand } from './remove-member.command';

/** Kicks a member: from the commit on, their history reads and live events stop; they may come back (a ban keeps them out). Logged. */
@CommandHandler(RemoveMemberCommand)
export class RemoveMemberHandler implements ICommandHandler<RemoveMemberCommand> {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly access: ConversationAccess,
    private readonly outbox: OutboxWriter,
    private readonly moderation: ModerationRepository,
  ) {}

  async execute({ principal, conversationId, userId }: RemoveMemberCommand): Promise<void> {
    const { tenantId } = principal;
    await this.conversations.transaction(async (em) => {
      const { conversation, role } = await this.access.lockAsMember(em, tenantId, conversationId, principal.userId);
      const targetRole = await this.conversations.roleOf(tenantId, conversationId, userId, em);
      if (!targetRole) throw new DomainError(ErrorCode.USER_NOT_FOUND, 'This user is not a member', '');
      assertCanRemoveMember(role, targetRole, conversation);
      await this.conversations.removeMember(em, tenantId, conversationId, userId);
      await this.outbox.append(em, [memberEvent(EventName.MemberLeft, conversation, { userId, role: null, actorId: principal.userId, reason: 'removed' })]);
      await this.moderation.record(em, { tenantId, conversationId, actorId: principal.userId, action: 'member.removed', targetUserId: userId, details: { role: targetRole } });
    });
  }
}

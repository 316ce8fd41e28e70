import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, EventName } from '@chat/contracts';
import { DomainError, FORMER_OWNER_ROLE, assertCanChangeRole } from '@chat/domain';
import { OutboxWriter } from '@chat/persistence';
import { ModerationRepository } from '../moderation/moderation.repository';
import { ConversationAccess } from '../shared/conversation-access';
import { memberEvent } from '../shared/conversation-events';
import { ConversationsRepository } from '../shared/conversations.repository';
import { ChangeMemberRoleCommand } from './change-member-role.command';

@CommandHandler(ChangeMemberRoleCommand)
export class ChangeMemberRoleHandler implements ICommandHandler<ChangeMemberRoleCommand> {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly access: ConversationAccess,
    private readonly outbox: OutboxWriter,
    private readonly moderation: ModerationRepository,
  ) {}

  async execute({ principal, conversationId, userId, role }: ChangeMemberRoleCommand): Promise<void> {
    const { tenantId } = principal;
    await this.conversations.transaction(async (em) => {
      const { conversation, role: actorRole } = await this.access.lockAsMember(em, tenantId, conversationId, principal.userId);
      const targetRole = await this.conversations.roleOf(tenantId, conversationId, userId, em);
      if (!targetRole) throw new DomainError(ErrorCode.USER_NOT_FOUND, 'This user is not a member', '');
      assertCanChangeRole(actorRole, targetRole, role, conversation);
      if (targetRole === role) return;
      // One owner at a time: the giver steps down in the same transaction, a role change of its own.
      const changes = [{ userId, role, previousRole: targetRole }];
      if (role === 'owner') changes.unshift({ userId: principal.userId, role: FORMER_OWNER_ROLE, previousRole: actorRole });
      for (const change of changes) {
        await this.conversations.setRole(em, tenantId, conversationId, change.userId, change.role);
        await this.moderation.record(em, { tenantId, conversationId, actorId: principal.userId, action: 'member.role-changed', targetUserId: change.userId, details: { role: change.role, previousRole: change.previousRole } });
      }
      await this.outbox.append(em, changes.map((change) => memberEvent(EventName.MemberRoleChanged, conversation, { userId: change.userId, role: change.role, actorId: principal.userId, reason: 'role-changed' })));
    });
  }
}

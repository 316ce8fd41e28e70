import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode } from '@chat/contracts';
import { DomainError, assertCanLiftBan, assertCanModerate } from '@chat/domain';
import { ModerationRepository } from '../moderation/moderation.repository';
import { ConversationAccess } from '../shared/conversation-access';
import { ConversationsRepository } from '../shared/conversations.repository';
import { LiftBanCommand } from './lift-ban.command';

/** Lifts a ban (the user may join or be invited again; nothing re-adds them), for a moderator who outranks the role it protects. Logged. */
@CommandHandler(LiftBanCommand)
export class LiftBanHandler implements ICommandHandler<LiftBanCommand> {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly access: ConversationAccess,
    private readonly moderation: ModerationRepository,
  ) {}

  async execute({ principal, conversationId, userId }: LiftBanCommand): Promise<void> {
    const { tenantId } = principal;
    await this.conversations.transaction(async (em) => {
      const { role } = await this.access.lockAsMember(em, tenantId, conversationId, principal.userId);
      assertCanModerate(role);
      // An expired ban keeps nobody out: any moderator may clear it away.
      const ban = await this.moderation.banInForce(conversationId, userId, em);
      if (ban) assertCanLiftBan(role, ban.bannedRole);
      if (!(await this.moderation.lift(em, conversationId, userId))) throw new DomainError(ErrorCode.BAN_NOT_FOUND, 'This user is not banned from this conversation', '');
      await this.moderation.record(em, { tenantId, conversationId, actorId: principal.userId, action: 'member.unbanned', targetUserId: userId });
    });
  }
}

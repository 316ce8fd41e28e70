import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, EventName, type ConversationBan } from '@chat/contracts';
import { DomainError, assertCanBan, assertCanLiftBan } from '@chat/domain';
import { UsersRepository } from '@chat/identity';
import { OutboxWriter } from '@chat/persistence';
import { APP_CONFIG, assertText, type AppConfig } from '@chat/platform';
import { ModerationRepository, toBan } from '../moderation/moderation.repository';
import { ConversationAccess } from '../shared/conversation-access';
import { memberEvent } from '../shared/conversation-events';
import { ConversationsRepository } from '../shared/conversations.repository';
import { BanMemberCommand } from './ban-member.command';

/**
 * Bans a user from a conversation: a member is removed in the same transaction (their sockets leave
 * the room when the `member.left` event fans out), and joining or being invited is refused while
 * the ban is in force. Logged with its reason. The ban keeps the user's role: lifting or replacing it
 * takes a moderator who outranks that role, as the ban did.
 */
@CommandHandler(BanMemberCommand)
export class BanMemberHandler implements ICommandHandler<BanMemberCommand> {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly access: ConversationAccess,
    private readonly moderation: ModerationRepository,
    private readonly users: UsersRepository,
    private readonly outbox: OutboxWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, conversationId, request }: BanMemberCommand): Promise<ConversationBan> {
    const { tenantId } = principal;
    const reason = request.reason?.trim() || null;
    assertText('reason', reason, this.config.limits.banReasonMaxChars);
    return this.conversations.transaction(async (em) => {
      const { conversation, role } = await this.access.lockAsMember(em, tenantId, conversationId, principal.userId);
      const targetRole = await this.conversations.roleOf(tenantId, conversationId, request.userId, em);
      assertCanBan(role, targetRole, conversation, request.userId === principal.userId);
      // Banning again replaces the ban in force, which takes what lifting it takes; the replacement keeps the role it protects.
      const standing = await this.moderation.banInForce(conversationId, request.userId, em);
      if (standing) assertCanLiftBan(role, standing.bannedRole);
      if (!targetRole && !(await this.users.findById(tenantId, request.userId))) throw new DomainError(ErrorCode.USER_NOT_FOUND, 'No such user', 'Check the user id');
      const bannedRole = targetRole ?? standing?.bannedRole ?? null;
      const ban = await this.moderation.ban(em, { tenantId, conversationId, userId: request.userId, bannedBy: principal.userId, reason, bannedRole }, request.durationSeconds ?? null);
      if (targetRole) {
        await this.conversations.removeMember(em, tenantId, conversationId, request.userId);
        await this.outbox.append(em, [memberEvent(EventName.MemberLeft, conversation, { userId: request.userId, role: null, actorId: principal.userId, reason: 'banned' })]);
      }
      const expiresAt = ban.expiresAt?.toISOString() ?? null;
      await this.moderation.record(em, { tenantId, conversationId, actorId: principal.userId, action: 'member.banned', targetUserId: request.userId, reason, details: { expiresAt, wasMember: targetRole !== null } });
      return toBan(ban);
    });
  }
}

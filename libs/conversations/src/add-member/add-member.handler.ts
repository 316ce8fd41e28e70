import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ErrorCode, EventName } from '@chat/contracts';
import { DomainError, assertCanAddMember, assertMayContact } from '@chat/domain';
import { UserBlocksRepository, UsersRepository } from '@chat/identity';
import { OutboxWriter } from '@chat/persistence';
import { APP_CONFIG, UserRateLimits, type AppConfig } from '@chat/platform';
import { assertNotBanned } from '../moderation/banned';
import { ModerationRepository } from '../moderation/moderation.repository';
import { ConversationAccess } from '../shared/conversation-access';
import { memberEvent } from '../shared/conversation-events';
import { ConversationsRepository } from '../shared/conversations.repository';
import { AddMemberCommand } from './add-member.command';

/** Invites a user; inviting someone already in is a no-op, and someone on the other side of a block of either of us is refused (CONTACT_BLOCKED). */
@CommandHandler(AddMemberCommand)
export class AddMemberHandler implements ICommandHandler<AddMemberCommand> {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly access: ConversationAccess,
    private readonly users: UsersRepository,
    private readonly blocks: UserBlocksRepository,
    private readonly outbox: OutboxWriter,
    private readonly moderation: ModerationRepository,
    private readonly rates: UserRateLimits,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ principal, conversationId, userId }: AddMemberCommand): Promise<void> {
    const { tenantId } = principal;
    await this.conversations.transaction(async (em) => {
      const { conversation, role } = await this.access.lockAsMember(em, tenantId, conversationId, principal.userId);
      if (await this.conversations.roleOf(tenantId, conversationId, userId, em)) return;
      assertCanAddMember(role, conversation, this.config.limits);
      if (!(await this.users.findActiveById(tenantId, userId))) throw new DomainError(ErrorCode.USER_NOT_FOUND, 'No such user', 'Check the user id');
      assertMayContact(await this.blocks.between(tenantId, principal.userId, [userId], em), principal.userId, [userId]);
      await assertNotBanned(this.moderation, em, conversationId, userId, 'them');
      // Past RATE_LIMIT_INVITES_PER_MINUTE this throws RateLimitedError, and the transaction rolls back: nothing written.
      await this.rates.spend('invitesPerMinute', principal.userId);
      const lastReadSeq = conversation.lastSeq;
      await this.conversations.addMembers(em, tenantId, conversationId, [{ userId, role: 'member', lastReadSeq }]);
      await this.outbox.append(em, [memberEvent(EventName.MemberJoined, conversation, { userId, role: 'member', actorId: principal.userId, reason: 'invited', lastReadSeq })]);
    });
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventName } from '@chat/contracts';
import { assertCanJoin } from '@chat/domain';
import { OutboxWriter, type ConversationEntity } from '@chat/persistence';
import { assertNotBanned } from '../moderation/banned';
import { ModerationRepository } from '../moderation/moderation.repository';
import { memberEvent } from '../shared/conversation-events';
import { ConversationsRepository } from '../shared/conversations.repository';

/**
 * Joining a public channel oneself, in the caller's transaction on the conversation row it locked:
 * `POST /v1/conversations/:id/join` and a new account's default channels (default-channels/) hold
 * the same rules and write the same `member.joined`, which the read model and clients follow.
 */
@Injectable()
export class SelfJoin {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly outbox: OutboxWriter,
    private readonly moderation: ModerationRepository,
  ) {}

  /** Refuses what is not a public channel (403), and a user a ban in force keeps out (403 BANNED_FROM_CONVERSATION). */
  async assertMayJoin(em: EntityManager, conversation: ConversationEntity, userId: string): Promise<void> {
    assertCanJoin(conversation);
    await assertNotBanned(this.moderation, em, conversation.id, userId, 'you');
  }

  /** Makes `userId` a member whose read pointer starts at the last message: nothing from before the join is unread. */
  async join(em: EntityManager, conversation: ConversationEntity, userId: string): Promise<void> {
    const lastReadSeq = conversation.lastSeq;
    await this.conversations.addMembers(em, conversation.tenantId, conversation.id, [{ userId, role: 'member', lastReadSeq }]);
    await this.outbox.append(em, [memberEvent(EventName.MemberJoined, conversation, { userId, role: 'member', actorId: userId, reason: 'joined', lastReadSeq })]);
  }
}

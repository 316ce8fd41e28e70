import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ErrorCode, type MemberRole } from '@chat/contracts';
import { DomainError, isVisibleToOutsiders } from '@chat/domain';
import type { ConversationEntity } from '@chat/persistence';
import { assertNotBanned } from '../moderation/banned';
import { ModerationRepository } from '../moderation/moderation.repository';
import { ConversationsRepository } from './conversations.repository';

export interface Membership {
  conversation: ConversationEntity;
  role: MemberRole;
}

export const notFound = () =>
  new DomainError(ErrorCode.CONVERSATION_NOT_FOUND, 'No such conversation', 'Check the id; you may have been removed from it');

/**
 * Who may see and act in a conversation. Outsiders get 404 for anything they cannot see, so an
 * id reveals nothing; they get 403 only for a public channel, whose existence is public anyway.
 */
@Injectable()
export class ConversationAccess {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly moderation: ModerationRepository,
  ) {}

  async requireMember(tenantId: string, conversationId: string, userId: string): Promise<Membership> {
    return this.asMember(await this.conversations.find(tenantId, conversationId), userId);
  }

  /** Same rules, inside a transaction, with the conversation row locked for the change that follows. */
  async lockAsMember(em: EntityManager, tenantId: string, conversationId: string, userId: string): Promise<Membership> {
    return this.asMember(await this.conversations.lock(em, tenantId, conversationId), userId, em);
  }

  private async asMember(conversation: ConversationEntity | null, userId: string, em?: EntityManager): Promise<Membership> {
    if (!conversation) throw notFound();
    const role = await this.conversations.roleOf(conversation.tenantId, conversation.id, userId, em);
    if (!role) {
      if (isVisibleToOutsiders(conversation)) throw new DomainError(ErrorCode.NOT_A_MEMBER, 'You are not a member of this channel', 'Join the channel first');
      throw notFound();
    }
    return { conversation, role };
  }

  /**
   * For reads that outsiders may do on public channels (details, browsing, search), but not an
   * outsider a ban keeps out of it: what they may not join they may not read from outside either.
   */
  async requireVisible(tenantId: string, conversationId: string, userId: string): Promise<{ conversation: ConversationEntity; role: MemberRole | null }> {
    const conversation = await this.conversations.find(tenantId, conversationId);
    if (!conversation) throw notFound();
    const role = await this.conversations.roleOf(tenantId, conversationId, userId);
    if (!role && !isVisibleToOutsiders(conversation)) throw notFound();
    if (!role) await assertNotBanned(this.moderation, undefined, conversationId, userId, 'you');
    return { conversation, role };
  }
}

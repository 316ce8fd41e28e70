import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ErrorCode, type MemberRole } from '@chat/contracts';
import { ConversationAccess } from '@chat/conversations';
import { DomainError } from '@chat/domain';
import type { Principal } from '@chat/identity';
import type { ConversationEntity, MessageEntity } from '@chat/persistence';
import { MessagesRepository } from './messages.repository';

export const messageNotFound = () => new DomainError(ErrorCode.MESSAGE_NOT_FOUND, 'No such message in this conversation', 'Check the message id');

/**
 * The first step of every change to an existing message: the caller must be a member (the same
 * 404/403 rules as every conversation read), then the message is locked for the change, so
 * concurrent edits, deletes and reactions on one message apply (and announce) one at a time. In
 * an E2EE conversation the conversation row is locked first (the order sends and membership
 * changes take it in), so its key state cannot change before the change commits.
 */
@Injectable()
export class MessageAccess {
  constructor(
    private readonly access: ConversationAccess,
    private readonly messages: MessagesRepository,
  ) {}

  /** `openBody` false: the row's body as stored (see MessagesRepository.lock). */
  async lockForChange(
    em: EntityManager,
    principal: Principal,
    conversationId: string,
    messageId: string,
    { openBody = true } = {},
  ): Promise<{ row: MessageEntity; role: MemberRole; conversation: ConversationEntity }> {
    let { role, conversation } = await this.access.requireMember(principal.tenantId, conversationId, principal.userId);
    // An E2EE edit must name the key version in force at its commit: hold the row rotations take.
    if (conversation.e2ee) ({ role, conversation } = await this.access.lockAsMember(em, principal.tenantId, conversationId, principal.userId));
    const row = await this.messages.lock(em, principal.tenantId, conversationId, messageId, openBody);
    if (!row) throw messageNotFound();
    return { row, role, conversation };
  }
}

import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@chat/contracts';
import { ConversationAccess, notFound } from '@chat/conversations';
import { DomainError, conversationClosed } from '@chat/domain';
import { UsersRepository } from '@chat/identity';
import { DirectContact } from '../shared/direct-contact';
import { e2eeRefusal } from '../shared/e2ee-body';

/**
 * Why the append statement did not take a send that was not a replay, read only then (a send that
 * is taken costs none of these reads): the sender's account was deleted (401 TOKEN_REVOKED, as any
 * request of it gets: a socket or request that was in flight), the sender is not a member or there is no such conversation
 * (the access rules pick the 403 or 404), the conversation is closed (409 CONVERSATION_CLOSED), the body does not fit the conversation's encryption, or a
 * block stands between the two people of a direct conversation (CONTACT_BLOCKED, not saying who).
 * Also why a reply or a mention was refused, without telling a non-member anything about the conversation.
 */
@Injectable()
export class SendRefusal {
  constructor(
    private readonly access: ConversationAccess,
    private readonly directContact: DirectContact,
    private readonly users: UsersRepository,
  ) {}

  async explain(tenantId: string, userId: string, conversationId: string, body: string): Promise<Error> {
    if ((await this.users.findById(tenantId, userId))?.deletedAt) return new DomainError(ErrorCode.TOKEN_REVOKED, 'This account no longer exists', 'Log in again');
    const { conversation } = await this.access.requireMember(tenantId, conversationId, userId);
    if (conversation.closedAt) return conversationClosed();
    const e2ee = e2eeRefusal(conversation, body);
    if (e2ee) return e2ee;
    try {
      await this.directContact.assertOpen(tenantId, userId, conversation);
    } catch (refusal) {
      return refusal as Error;
    }
    return notFound(); // membership ended between those reads
  }

  /**
   * `refusal` (a reply's answered message not found, a mention of a non-member), unless the sender
   * may not send here at all: then the refusal any send gets, so a stranger learns nothing of the
   * conversation's messages or members.
   */
  async unlessNotMember(tenantId: string, userId: string, conversationId: string, refusal: Error): Promise<Error> {
    await this.access.requireMember(tenantId, conversationId, userId);
    return refusal;
  }
}

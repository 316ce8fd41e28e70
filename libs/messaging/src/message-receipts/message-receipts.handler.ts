import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { MessageReceiptsResponse } from '@chat/contracts';
import { ConversationAccess, MemberPointers } from '@chat/conversations';
import { messageReceipts } from '@chat/domain';
import { messageNotFound } from '../shared/message-access';
import { MessagesRepository } from '../shared/messages.repository';
import { MessageReceiptsQuery } from './message-receipts.query';

/**
 * Who read one message, who has it on a device but has not read it, and who has neither, for the
 * sender's "message info": derived from the members' pointers at the moment of asking. Members
 * only, as history is (404/403 from ConversationAccess); a message not in this conversation is 404
 * MESSAGE_NOT_FOUND (a tombstone keeps its seq, so it still answers).
 */
@QueryHandler(MessageReceiptsQuery)
export class MessageReceiptsHandler implements IQueryHandler<MessageReceiptsQuery> {
  constructor(
    private readonly access: ConversationAccess,
    private readonly messages: MessagesRepository,
    private readonly memberPointers: MemberPointers,
  ) {}

  async execute({ principal, conversationId, messageId }: MessageReceiptsQuery): Promise<MessageReceiptsResponse> {
    const { tenantId } = principal;
    const { conversation } = await this.access.requireMember(tenantId, conversationId, principal.userId);
    const [message] = await this.messages.byIds(tenantId, [messageId]);
    if (!message || message.conversationId !== conversationId) throw messageNotFound();
    const { deliveryTracked, pointers } = await this.memberPointers.of(conversation);
    return { messageId, seq: message.seq, deliveryTracked, ...messageReceipts(message.seq, message.senderId, pointers) };
  }
}

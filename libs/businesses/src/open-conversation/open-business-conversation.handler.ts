import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import { ErrorCode, EventName, type BusinessConversation } from '@chat/contracts';
import { ConversationsRepository, conversationEvent, memberEvent } from '@chat/conversations';
import { DomainError } from '@chat/domain';
import { OutboxWriter, isUniqueViolation, type BusinessConversationEntity } from '@chat/persistence';
import { AgentRouter } from '../shared/agent-router';
import { AgentSeat } from '../shared/agent-seat';
import { BusinessAccess } from '../shared/business-access';
import { BusinessViews } from '../shared/business-views';
import { BusinessesRepository } from '../shared/businesses.repository';
import { OpenBusinessConversationCommand } from './open-business-conversation.command';

/**
 * A user messages a business (seed 004, req. 7.1–7.2): one conversation per customer and business,
 * named after it, in its inbox, with an agent routed to it as the third participant, or waiting
 * unassigned outside hours or without agents. Asking again returns the same conversation, even
 * once the business is closed; a new one is refused then (409 BUSINESS_CLOSED).
 */
@CommandHandler(OpenBusinessConversationCommand)
export class OpenBusinessConversationHandler implements ICommandHandler<OpenBusinessConversationCommand> {
  constructor(
    private readonly businesses: BusinessesRepository,
    private readonly conversations: ConversationsRepository,
    private readonly access: BusinessAccess,
    private readonly router: AgentRouter,
    private readonly seat: AgentSeat,
    private readonly outbox: OutboxWriter,
    private readonly views: BusinessViews,
  ) {}

  async execute({ principal, businessId }: OpenBusinessConversationCommand): Promise<{ businessConversation: BusinessConversation; created: boolean }> {
    const { tenantId, userId } = principal;
    await this.access.require(tenantId, businessId);
    if (await this.businesses.isAgent(businessId, userId)) {
      throw new DomainError(ErrorCode.OPERATION_NOT_SUPPORTED, 'Agents do not message their own business', 'Use another account to test it as a customer');
    }
    const existing = await this.businesses.findConversationOf(businessId, userId);
    if (existing) return { businessConversation: await this.views.conversation(existing), created: false };
    try {
      await this.businesses.transaction(async (em) => {
        const locked = await this.access.require(tenantId, businessId, em);
        if (locked.closedAt) {
          throw new DomainError(ErrorCode.BUSINESS_CLOSED, 'This business is closed and takes no new conversations', 'Its owner’s account was deleted; conversations opened before stay readable');
        }
        const conversation = await this.conversations.insert(em, {
          id: uuidv7(),
          tenantId,
          type: 'business',
          name: locked.name,
          nameKey: null,
          description: null,
          visibility: 'private',
          directKey: null,
          createdBy: userId,
          memberCount: 0,
        });
        await this.conversations.addMembers(em, tenantId, conversation.id, [{ userId, role: 'member' }]);
        const created = (await this.conversations.find(tenantId, conversation.id, em))!;
        await this.outbox.append(em, [
          conversationEvent(EventName.ConversationCreated, created, [userId]),
          memberEvent(EventName.MemberJoined, created, { userId, role: 'member', actorId: userId, reason: 'created', lastReadSeq: 0 }),
        ]);
        const row: BusinessConversationEntity = { conversationId: conversation.id, tenantId, businessId, customerId: userId, agentId: null, assignedAt: null, createdAt: new Date(), resolvedAt: null, resolvedSeq: null };
        await this.businesses.insertConversation(em, row);
        const agentId = await this.router.route(em, locked, userId);
        if (agentId) await this.seat.move(em, row, agentId, userId);
        else await this.seat.announceWaiting(em, row);
      });
      return { businessConversation: await this.views.conversation((await this.businesses.findConversationOf(businessId, userId))!), created: true };
    } catch (err) {
      if (!isUniqueViolation(err, 'business_conversations_customer')) throw err;
      // Opened concurrently from another device: that one is the conversation.
      return { businessConversation: await this.views.conversation((await this.businesses.findConversationOf(businessId, userId))!), created: false };
    }
  }
}

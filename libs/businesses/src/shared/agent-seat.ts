import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ErrorCode, EventName } from '@chat/contracts';
import { ConversationsRepository, memberEvent } from '@chat/conversations';
import { DomainError } from '@chat/domain';
import { OutboxWriter, type BusinessConversationEntity, type ConversationEntity } from '@chat/persistence';
import { BusinessesRepository } from './businesses.repository';

/**
 * Moves a business conversation's agent seat: the agent leaving is no longer a member (their
 * sockets leave the room through `member.left`, reason `reassigned`), the one arriving becomes an
 * admin member who reads the whole history from its start (nothing of it is read yet), and the
 * inbox row names them; with nobody arriving, the business's agents and owner are told it waits.
 * Runs inside the caller's transaction, with the inbox row locked.
 */
@Injectable()
export class AgentSeat {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly businesses: BusinessesRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * `announce` false: a seat emptied without telling anyone it waits (a resolved conversation of a
   * removed agent, which needs nobody until the customer writes again). The customer never gets
   * their own conversation's seat (AGENT_IS_CUSTOMER): they are its member already.
   */
  async move(em: EntityManager, row: BusinessConversationEntity, to: string | null, actorId: string, { announce = true }: { announce?: boolean } = {}): Promise<void> {
    if (row.agentId === to) return;
    if (to !== null && to === row.customerId) {
      throw new DomainError(ErrorCode.AGENT_IS_CUSTOMER, 'This agent is the conversation’s customer and cannot serve it', 'Hand it to another agent');
    }
    const conversation: ConversationEntity = (await this.conversations.lock(em, row.tenantId, row.conversationId))!;
    const events = [];
    if (row.agentId) {
      await this.conversations.removeMember(em, row.tenantId, row.conversationId, row.agentId);
      events.push(memberEvent(EventName.MemberLeft, conversation, { userId: row.agentId, role: null, actorId, reason: 'reassigned' }));
    }
    if (to) {
      await this.conversations.addMembers(em, row.tenantId, row.conversationId, [{ userId: to, role: 'admin', lastReadSeq: 0 }]);
      events.push(memberEvent(EventName.MemberJoined, conversation, { userId: to, role: 'admin', actorId, reason: 'assigned', lastReadSeq: 0 }));
    }
    await this.businesses.assign(em, row.businessId, row.conversationId, to);
    await this.outbox.append(em, events);
    row.agentId = to;
    if (!to && announce) await this.announceWaiting(em, row);
  }

  /** Tells the business's agents and owner that the conversation waits unassigned (`business.conversation.waiting` on their devices). */
  async announceWaiting(em: EntityManager, row: BusinessConversationEntity): Promise<void> {
    const agentIds = await this.businesses.insiders(em, row.businessId);
    await this.outbox.append(em, [
      {
        name: EventName.BusinessConversationWaiting,
        tenantId: row.tenantId,
        aggregateType: 'conversation',
        aggregateId: row.conversationId,
        payload: { businessId: row.businessId, conversationId: row.conversationId, customerId: row.customerId, agentIds },
      },
    ]);
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventName, type MemberRole } from '@chat/contracts';
import { OutboxWriter, type NewEvent } from '@chat/persistence';
import { conversationDeletedEvent, memberEvent } from '../shared/conversation-events';
import { ConversationsRepository } from '../shared/conversations.repository';

/**
 * Takes a deleted account out of its groups and channels, in the caller's transaction: an owner
 * hands ownership to the longest-standing admin (else member) first, and a conversation left with
 * nobody is deleted. Direct and business conversations keep the account as a member, so the
 * other side keeps its history (the account shows as deleted there).
 */
@Injectable()
export class AccountMemberships {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async leaveAll(em: EntityManager, tenantId: string, userId: string): Promise<void> {
    // Locked in id order, like any other multi-conversation writer, so two of them never deadlock.
    const memberships: { conversationId: string; role: MemberRole }[] = await em.query(
      `SELECT m.conversation_id AS "conversationId", m.role FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
        WHERE m.tenant_id = $1 AND m.user_id = $2 AND c.type IN ('group', 'channel') AND c.deleted_at IS NULL ORDER BY m.conversation_id`,
      [tenantId, userId],
    );
    const events: NewEvent[] = [];
    for (const { conversationId, role } of memberships) {
      const conversation = (await this.conversations.lock(em, tenantId, conversationId))!;
      if (role === 'owner') {
        const successor = await this.conversations.successorOf(em, conversationId, userId);
        if (!successor) {
          await this.conversations.update(em, conversation, { deletedAt: new Date() });
          events.push(conversationDeletedEvent(conversation, [userId], userId));
          continue;
        }
        await this.conversations.setRole(em, tenantId, conversationId, successor, 'owner');
        events.push(memberEvent(EventName.MemberRoleChanged, conversation, { userId: successor, role: 'owner', actorId: userId, reason: 'role-changed' }));
      }
      await this.conversations.removeMember(em, tenantId, conversationId, userId);
      events.push(memberEvent(EventName.MemberLeft, conversation, { userId, role: null, actorId: userId, reason: 'left' }));
    }
    await this.outbox.append(em, events);
  }
}

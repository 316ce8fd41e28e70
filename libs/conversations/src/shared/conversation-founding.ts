import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventName, type MemberRole } from '@chat/contracts';
import { OutboxWriter, type ConversationEntity } from '@chat/persistence';
import { conversationEvent, memberEvent } from './conversation-events';
import { ConversationsRepository, type NewConversation } from './conversations.repository';

/**
 * A new conversation with its founding members, in the caller's transaction: the row, the members
 * (their read pointers at 0), `conversation.created` and each founder's `member.joined` (reason
 * `created`, by the creator). `POST /v1/conversations` and the default channel a tenant's first
 * account founds (default-channels/) both write it so.
 */
@Injectable()
export class ConversationFounding {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async found(em: EntityManager, row: NewConversation, founders: { userId: string; role: MemberRole }[]): Promise<ConversationEntity> {
    await this.conversations.insert(em, row);
    await this.conversations.addMembers(em, row.tenantId, row.id, founders);
    // Read again: member_count is counted by addMembers.
    const created = (await this.conversations.find(row.tenantId, row.id, em))!;
    await this.outbox.append(em, [
      conversationEvent(EventName.ConversationCreated, created, founders.map((m) => m.userId)),
      ...founders.map((m) => memberEvent(EventName.MemberJoined, created, { userId: m.userId, role: m.role, actorId: row.createdBy, reason: 'created', lastReadSeq: 0 })),
    ]);
    return created;
  }
}

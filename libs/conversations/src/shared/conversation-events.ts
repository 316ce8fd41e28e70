import { EventName, type MemberChangedPayload, type MemberRole } from '@chat/contracts';
import type { ConversationEntity, NewEvent } from '@chat/persistence';
import { toConversation } from './conversation.mapper';

type MemberEventName = typeof EventName.MemberJoined | typeof EventName.MemberLeft | typeof EventName.MemberRoleChanged;

export function memberEvent(
  name: MemberEventName,
  conversation: ConversationEntity,
  change: { userId: string; role: MemberRole | null; actorId: string; reason: MemberChangedPayload['reason']; lastReadSeq?: number },
): NewEvent {
  return { name, tenantId: conversation.tenantId, aggregateType: 'conversation', aggregateId: conversation.id, payload: { conversationId: conversation.id, ...change } };
}

export function conversationEvent(
  name: typeof EventName.ConversationCreated | typeof EventName.ConversationUpdated,
  conversation: ConversationEntity,
  memberIds: string[],
): NewEvent {
  return { name, tenantId: conversation.tenantId, aggregateType: 'conversation', aggregateId: conversation.id, payload: { conversation: toConversation(conversation), memberIds } };
}

/** The conversation is gone for everyone (soft-deleted); `memberIds` are told, `deletedBy` did it. */
export function conversationDeletedEvent(conversation: ConversationEntity, memberIds: string[], deletedBy: string): NewEvent {
  return {
    name: EventName.ConversationDeleted,
    tenantId: conversation.tenantId,
    aggregateType: 'conversation',
    aggregateId: conversation.id,
    payload: { conversationId: conversation.id, memberIds, deletedBy },
  };
}

import { ErrorCode, EventName, type AuditAction, type EventEnvelope, type EventPayloads, type Message } from '@chat/contracts';
import { REQUEST_ID_HEADER } from '@chat/platform';
import type { NewAuditEntry } from '../audit-log.repository';

type Payload<N extends EventName> = EventPayloads[N];

/**
 * The audit entries of committed events: conversations created and deleted, messages sent, edited,
 * deleted, pinned and unpinned, bodies the content policy refused, uploads the malware scan quarantined, a business passed on (or closed) with its owner's account. Each takes its event's id, so recording a redelivered event again is a no-op. Other
 * events are not audited here (moderation has its own log; reads and reactions are not actions
 * on the record).
 */
export function auditEntriesOf(events: readonly EventEnvelope[]): NewAuditEntry[] {
  return events.flatMap((event) => {
    const entry = entryOf(event);
    if (!entry) return [];
    return [{ id: event.id, tenantId: event.tenantId, occurredAt: new Date(event.occurredAt), outcome: 'success' as const, requestId: event.headers[REQUEST_ID_HEADER] ?? null, ...entry }];
  });
}

type EventFacts = Pick<NewAuditEntry, 'action' | 'actorId' | 'conversationId' | 'messageId' | 'details'> & Partial<Pick<NewAuditEntry, 'outcome' | 'errorCode'>>;

function entryOf(event: EventEnvelope): EventFacts | null {
  const p = event.payload;
  switch (event.name) {
    case EventName.ConversationCreated: {
      const { conversation } = p as Payload<typeof EventName.ConversationCreated>;
      return { action: 'conversation.create', actorId: conversation.createdBy, conversationId: conversation.id, messageId: null, details: { type: conversation.type } };
    }
    case EventName.ConversationDeleted: {
      const { conversationId, deletedBy } = p as Payload<typeof EventName.ConversationDeleted>;
      return { action: 'conversation.delete', actorId: deletedBy ?? null, conversationId, messageId: null, details: {} };
    }
    case EventName.MessageSent:
      return messageEntry('message.send', (p as Payload<typeof EventName.MessageSent>).message);
    case EventName.MessageEdited:
      return messageEntry('message.edit', (p as Payload<typeof EventName.MessageEdited>).message);
    case EventName.MessageDeleted: {
      const { message, deletedBy } = p as Payload<typeof EventName.MessageDeleted>;
      return messageEntry('message.delete', message, deletedBy);
    }
    case EventName.MessagePolicyRefused: {
      // An attempt that changed nothing, recorded as the moderation hook: a failure, with the code the sender got.
      const { conversationId, senderId, messageId, rule, reason } = p as Payload<typeof EventName.MessagePolicyRefused>;
      return { action: 'message.policy-refused', outcome: 'failure', errorCode: ErrorCode.CONTENT_POLICY_VIOLATION, actorId: senderId, conversationId, messageId, details: { rule, reason } };
    }
    case EventName.PinChanged: {
      const { conversationId, messageId, seq, userId, pinned } = p as Payload<typeof EventName.PinChanged>;
      return { action: pinned ? 'message.pin' : 'message.unpin', actorId: userId, conversationId, messageId, details: { seq } };
    }
    case EventName.BusinessOwnerChanged: {
      // Nobody acted: the owner's account was deleted and the business went to its longest-standing agent, or closed (ownerId null).
      const { businessId, previousOwnerId, ownerId } = p as Payload<typeof EventName.BusinessOwnerChanged>;
      return { action: 'business.owner-change', actorId: null, conversationId: null, messageId: null, details: { businessId, previousOwnerId, ownerId, by: 'account-deletion' } };
    }
    case EventName.MediaQuarantined: {
      // An attempt refused, like a content policy refusal: the uploader got MEDIA_INFECTED.
      const { quarantined: q } = p as Payload<typeof EventName.MediaQuarantined>;
      const details = { mediaId: q.id, name: q.name, contentType: q.contentType, size: q.size, signature: q.signature };
      return { action: 'media.quarantine', outcome: 'failure', errorCode: ErrorCode.MEDIA_INFECTED, actorId: q.uploaderId, conversationId: null, messageId: null, details };
    }
    default:
      return null;
  }
}

/**
 * Never the body: the log says who did what to which message, not what it said. A deletion by
 * someone else names the sender; one by the retention policy (`deletedBy` null) has no actor.
 */
function messageEntry(action: AuditAction, message: Message, deletedBy?: string | null): EventFacts {
  const details: Record<string, unknown> = { seq: message.seq, version: message.version };
  if (deletedBy === null) details.by = 'retention';
  else if (deletedBy !== undefined && deletedBy !== message.senderId) details.senderId = message.senderId;
  return { action, actorId: deletedBy === undefined ? message.senderId : deletedBy, conversationId: message.conversationId, messageId: message.id, details };
}

import { ErrorCode, type ConversationStatus, type MemberRole } from '@chat/contracts';
import { DomainError } from '../domain-error';
import { isModerator, type ConversationFacts } from './membership-rules';

/** Whether a conversation is closed: `closedAt` set, by its owner or an admin. */
export interface ConversationStatusFacts {
  closedAt: Date | string | null;
}

export function statusOf(facts: ConversationStatusFacts): ConversationStatus {
  return facts.closedAt === null ? 'open' : 'closed';
}

export const conversationClosed = () =>
  new DomainError(ErrorCode.CONVERSATION_CLOSED, 'This conversation is closed', 'Its owner or an admin can reopen it (POST /v1/conversations/:id/reopen); reading it still works');

/** Sending, editing and reacting need an open conversation; reading, paging history and deleting do not. */
export function assertOpen(facts: ConversationStatusFacts): void {
  if (facts.closedAt !== null) throw conversationClosed();
}

/**
 * Owners and admins of a group or channel close and reopen it. A direct conversation has nobody
 * above the other (each blocks or mutes instead); a business conversation is resolved in its inbox.
 */
export function assertCanClose(actorRole: MemberRole, facts: Pick<ConversationFacts, 'type'>): void {
  if (facts.type === 'direct' || facts.type === 'business') {
    throw new DomainError(ErrorCode.OPERATION_NOT_SUPPORTED, `A ${facts.type} conversation is not closed`, facts.type === 'direct' ? 'Mute it or block the person instead' : 'Resolve it in the business inbox');
  }
  if (!isModerator(actorRole)) throw new DomainError(ErrorCode.FORBIDDEN, 'Only owners and admins close and reopen a conversation', 'Ask an admin of this conversation');
}

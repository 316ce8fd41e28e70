import { ErrorCode } from '@chat/contracts';
import { directPeer } from '../conversations/membership-rules';
import { DomainError } from '../domain-error';

/** One person's block of another: `blockerId` does not want contact with `blockedId`. */
export interface UserBlock {
  blockerId: string;
  blockedId: string;
}

/** Whether `a` and `b` may contact each other: neither blocked the other (a block works both ways). */
export function mayContact(blocks: readonly UserBlock[], a: string, b: string): boolean {
  return !blocks.some((x) => (x.blockerId === a && x.blockedId === b) || (x.blockerId === b && x.blockedId === a));
}

/**
 * Refuses `actorId` contact with any of `otherIds` (a new direct conversation, an invitation, a
 * direct message, a reaction in a direct conversation) when a block stands between them. The error does not say who blocked whom, so a
 * refusal never tells someone that they were blocked rather than that they blocked.
 */
export function assertMayContact(blocks: readonly UserBlock[], actorId: string, otherIds: readonly string[]): void {
  if (otherIds.every((other) => other === actorId || mayContact(blocks, actorId, other))) return;
  throw new DomainError(ErrorCode.CONTACT_BLOCKED, 'You cannot contact this person', 'One of you has blocked the other; see GET /v1/me/blocks for the people you blocked');
}

/**
 * The person a block is looked up against when `userId` acts in a conversation (a message, a
 * reaction, typing): the other of a direct conversation's two people. Null for every other kind,
 * since a block does not stop the groups and channels two people share: callers read blocks for
 * direct conversations only, so the common path costs nothing.
 */
export function blockablePeer(conversation: { type: string; directKey: string | null }, userId: string): string | null {
  return conversation.type === 'direct' && conversation.directKey ? directPeer(conversation.directKey, userId) : null;
}

/** Nobody blocks themselves. */
export function assertCanBlock(blockerId: string, blockedId: string): void {
  if (blockerId === blockedId) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'You cannot block yourself', 'Pass another user’s id');
}

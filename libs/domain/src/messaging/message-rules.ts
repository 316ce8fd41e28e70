import { ErrorCode, type ConversationType, type MemberRole } from '@chat/contracts';
import { isModerator } from '../conversations/membership-rules';
import { DomainError } from '../domain-error';

/** What the rules need to know about a stored message. */
export interface MessageFacts {
  senderId: string;
  deletedAt: Date | string | null;
  version: number;
}

const deleted = () => new DomainError(ErrorCode.MESSAGE_DELETED, 'This message was deleted', 'A deleted message stays a tombstone');

/** Only the sender edits, only a live message, and (when the caller names one) only the version they saw. */
export function assertCanEdit(actorId: string, message: MessageFacts, expectedVersion?: number): void {
  if (message.senderId !== actorId) throw new DomainError(ErrorCode.FORBIDDEN, 'Only the sender edits a message', '');
  if (message.deletedAt) throw deleted();
  if (expectedVersion !== undefined && expectedVersion !== message.version) {
    throw new DomainError(ErrorCode.MESSAGE_VERSION_CONFLICT, `The message is at version ${message.version}, not ${expectedVersion}`, 'Reload the message and apply your edit to its current version');
  }
}

/** The sender deletes their own message; owners and admins delete anyone's. */
export function assertCanDeleteMessage(actorId: string, actorRole: MemberRole, message: Pick<MessageFacts, 'senderId'>): void {
  if (message.senderId !== actorId && actorRole === 'member') {
    throw new DomainError(ErrorCode.FORBIDDEN, 'Only the sender, an admin or the owner deletes a message', '');
  }
}

/** In a channel only its owner and admins pin and unpin (its members read), elsewhere every member. */
export function assertCanManagePins(actorRole: MemberRole, type: ConversationType): void {
  if (type === 'channel' && !isModerator(actorRole)) throw new DomainError(ErrorCode.FORBIDDEN, 'Only owners and admins pin messages in a channel', 'Ask an admin of this channel');
}

/** As assertCanManagePins, and only a live message. */
export function assertCanPin(actorRole: MemberRole, type: ConversationType, message: Pick<MessageFacts, 'deletedAt'>): void {
  assertCanManagePins(actorRole, type);
  if (message.deletedAt) throw deleted();
}

export function assertCanReact(message: Pick<MessageFacts, 'deletedAt'>): void {
  if (message.deletedAt) throw deleted();
}

const MAX_REACTION_CODE_POINTS = 16;

/**
 * A reaction key as stored: NFC-normalised so the same emoji typed two ways counts once. Emoji
 * sequences (skin tones, ZWJ families, flags) span several code points, so the check is a bound
 * on length and a ban on whitespace and control characters, not a list of known emoji.
 */
export function reactionKey(raw: string): string {
  const key = raw.normalize('NFC');
  const codePoints = [...key].length;
  if (codePoints === 0 || codePoints > MAX_REACTION_CODE_POINTS || !key.isWellFormed() || /[\s\p{Cc}]/u.test(key)) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `A reaction is 1..${MAX_REACTION_CODE_POINTS} characters without spaces`, 'Send one emoji, URL-encoded in the path');
  }
  return key;
}

import { ErrorCode, type ConversationType, type MemberRole, type Visibility } from '@chat/contracts';
import { DomainError } from '../domain-error';

export interface ConversationFacts {
  type: ConversationType;
  visibility: Visibility;
  memberCount: number;
}

export interface GroupLimits {
  groupMaxMembers: number;
}

const RANK: Record<MemberRole, number> = { owner: 3, admin: 2, member: 1 };

/** Owners and admins moderate (invite to channels, remove, ban, read the moderation log); members do not. */
export function isModerator(role: MemberRole): boolean {
  return RANK[role] >= RANK.admin;
}

/** Whether a moderator may act on a member: owners on anyone else, admins on members. */
export function outranks(actor: MemberRole, target: MemberRole): boolean {
  return isModerator(actor) && RANK[target] < RANK[actor];
}

/**
 * A business conversation's members are the customer and the agent routing assigned: nobody is
 * invited, removed, banned, promoted or leaves by the generic routes (assignment moves agents).
 */
function assertNotBusiness(facts: Pick<ConversationFacts, 'type'>, what: string): void {
  if (facts.type === 'business') {
    throw new DomainError(ErrorCode.OPERATION_NOT_SUPPORTED, `${what} in a business conversation`, 'Its agents are assigned through the business inbox');
  }
}

/** The member list a new conversation starts with: the creator plus distinct others. */
export function initialMembers(type: ConversationType, creatorId: string, memberIds: readonly string[], limits: GroupLimits): string[] {
  if (type === 'business') {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'A business conversation starts by messaging the business', 'POST /v1/businesses/:id/conversations');
  }
  const others = [...new Set(memberIds)].filter((id) => id !== creatorId);
  if (type === 'direct' && others.length !== 1) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'A direct conversation has exactly two people', 'Pass exactly one other user id in memberIds');
  }
  if (type === 'group' && others.length < 1) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, 'A group needs at least two members', 'Pass at least one other user id in memberIds');
  }
  if (type === 'group' && others.length + 1 > limits.groupMaxMembers) {
    throw new DomainError(ErrorCode.CONVERSATION_FULL, `A group holds at most ${limits.groupMaxMembers} members`, 'Create a channel for larger audiences');
  }
  return [creatorId, ...others];
}

/** Channel names are unique per tenant regardless of case and Unicode form. */
export function channelNameKey(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase();
}

/**
 * Stable key that makes the direct conversation between two people unique. The end-to-end encrypted
 * one (`e2ee`) is a conversation of its own beside the plaintext one: its key carries a `:e2ee` mark.
 */
export function directKey(a: string, b: string, e2ee = false): string {
  return `${a < b ? `${a}:${b}` : `${b}:${a}`}${e2ee ? ':e2ee' : ''}`;
}

/** The other person of a direct conversation, read from its key (directKey, with or without the `:e2ee` mark); null when `userId` is not one of the two. */
export function directPeer(key: string, userId: string): string | null {
  const [a, b] = key.split(':');
  return a === userId ? b : b === userId ? a : null;
}

export function assertCanAddMember(actorRole: MemberRole, facts: ConversationFacts, limits: GroupLimits): void {
  assertNotBusiness(facts, 'Nobody is invited');
  if (facts.type === 'direct') {
    throw new DomainError(ErrorCode.OPERATION_NOT_SUPPORTED, 'A direct conversation cannot take more members', 'Create a group instead');
  }
  if (facts.type === 'channel' && !isModerator(actorRole)) {
    throw new DomainError(ErrorCode.FORBIDDEN, 'Only owners and admins invite to a channel', 'Ask an admin of this channel');
  }
  if (facts.type === 'group' && facts.memberCount + 1 > limits.groupMaxMembers) {
    throw new DomainError(ErrorCode.CONVERSATION_FULL, `A group holds at most ${limits.groupMaxMembers} members`, 'Create a channel for larger audiences');
  }
}

export function assertCanRemoveMember(actorRole: MemberRole, targetRole: MemberRole, facts: ConversationFacts): void {
  assertNotBusiness(facts, 'Nobody is removed');
  if (facts.type === 'direct') {
    throw new DomainError(ErrorCode.OPERATION_NOT_SUPPORTED, 'Nobody can be removed from a direct conversation', '');
  }
  if (!outranks(actorRole, targetRole)) {
    throw new DomainError(ErrorCode.FORBIDDEN, 'You cannot remove this member', 'Owners remove anyone; admins remove members');
  }
}

/** Owners ban anyone but themselves; admins ban members and people who are not in the conversation. */
export function assertCanBan(actorRole: MemberRole, targetRole: MemberRole | null, facts: ConversationFacts, selfBan: boolean): void {
  assertNotBusiness(facts, 'Nobody is banned');
  if (facts.type === 'direct') {
    throw new DomainError(ErrorCode.OPERATION_NOT_SUPPORTED, 'Nobody can be banned from a direct conversation', 'Mute it instead');
  }
  if (selfBan || (targetRole === null ? !isModerator(actorRole) : !outranks(actorRole, targetRole))) {
    throw new DomainError(ErrorCode.FORBIDDEN, 'You cannot ban this user', 'Owners ban anyone; admins ban members');
  }
}

/**
 * Lifting a ban, or replacing it (to shorten it, say), takes what the ban took: outranking the user
 * as they were when banned (`bannedRole`; null for someone who was not a member, whom any
 * moderator may ban). So an admin cannot undo the owner's ban of another admin.
 */
export function assertCanLiftBan(actorRole: MemberRole, bannedRole: MemberRole | null): void {
  if (!outranks(actorRole, bannedRole ?? 'member')) {
    throw new DomainError(ErrorCode.FORBIDDEN, 'You cannot change this ban', 'Owners change any ban; admins change the bans of members');
  }
}

/** Bans and the moderation log are for owners and admins. */
export function assertCanModerate(actorRole: MemberRole): void {
  if (!isModerator(actorRole)) throw new DomainError(ErrorCode.FORBIDDEN, 'Only owners and admins moderate this conversation', 'Ask an admin of this conversation');
}

export function assertCanChangeRole(actorRole: MemberRole, targetRole: MemberRole, newRole: MemberRole, facts: ConversationFacts): void {
  assertNotBusiness(facts, 'Roles do not change');
  if (facts.type === 'direct') {
    throw new DomainError(ErrorCode.OPERATION_NOT_SUPPORTED, 'A direct conversation has no roles', '');
  }
  if (actorRole !== 'owner') {
    throw new DomainError(ErrorCode.FORBIDDEN, 'Only the owner changes roles', 'Ask the owner');
  }
  if (targetRole === 'owner' && newRole !== 'owner') {
    throw new DomainError(ErrorCode.OWNER_MUST_TRANSFER, 'The owner keeps ownership until giving it to someone', 'Give the owner role to another member to transfer ownership');
  }
}

/** The role an owner steps down to when giving ownership away. */
export const FORMER_OWNER_ROLE: MemberRole = 'admin';

export function assertCanLeave(role: MemberRole, facts: ConversationFacts): void {
  assertNotBusiness(facts, 'Nobody leaves');
  if (facts.type === 'direct') {
    throw new DomainError(ErrorCode.OPERATION_NOT_SUPPORTED, 'You cannot leave a direct conversation', 'Mute it instead');
  }
  if (role === 'owner' && facts.memberCount > 1) {
    throw new DomainError(ErrorCode.OWNER_MUST_TRANSFER, 'The owner cannot leave while others remain', 'Transfer ownership first, or delete the conversation');
  }
}

export function assertCanJoin(facts: ConversationFacts): void {
  if (facts.type !== 'channel' || facts.visibility !== 'public') {
    throw new DomainError(ErrorCode.FORBIDDEN, 'Only public channels can be joined freely', 'Ask a member to invite you');
  }
}

export function assertCanUpdate(actorRole: MemberRole, facts: ConversationFacts): void {
  assertNotBusiness(facts, 'The name is the business’s');
  if (facts.type === 'direct') {
    throw new DomainError(ErrorCode.OPERATION_NOT_SUPPORTED, 'A direct conversation has no name or description', '');
  }
  if (!isModerator(actorRole) && facts.type === 'channel') {
    throw new DomainError(ErrorCode.FORBIDDEN, 'Only owners and admins edit a channel', 'Ask an admin of this channel');
  }
}

export function assertCanDelete(actorRole: MemberRole): void {
  if (actorRole !== 'owner') {
    throw new DomainError(ErrorCode.FORBIDDEN, 'Only the owner deletes a conversation', 'Ask the owner');
  }
}

/** Whether someone outside the conversation may see that it exists (and who is in it). */
export function isVisibleToOutsiders(facts: Pick<ConversationFacts, 'type' | 'visibility'>): boolean {
  return facts.type === 'channel' && facts.visibility === 'public';
}

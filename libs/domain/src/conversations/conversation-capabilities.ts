import type { ConversationCapabilities, MemberRole } from '@chat/contracts';
import { DomainError } from '../domain-error';
import { assertCanManagePins } from '../messaging/message-rules';
import { assertCanClose, assertOpen, type ConversationStatusFacts } from './conversation-status';
import {
  assertCanAddMember,
  assertCanBan,
  assertCanChangeRole,
  assertCanDelete,
  assertCanJoin,
  assertCanLeave,
  assertCanUpdate,
  type ConversationFacts,
  type GroupLimits,
} from './membership-rules';

/**
 * What a person may do in a conversation now, read off the very rules the commands enforce (each
 * `assertCan…` asked, its refusal a false), so the answer cannot drift from what the server takes.
 * `role`: theirs, null when they are not a member; `blocked`: a block stands between the two people
 * of a direct conversation.
 */
export function capabilitiesOf(role: MemberRole | null, facts: ConversationFacts & ConversationStatusFacts, limits: GroupLimits, blocked: boolean): ConversationCapabilities {
  const member = (rule: (role: MemberRole) => void) => role !== null && allows(() => rule(role));
  return {
    join: role === null && allows(() => assertCanJoin(facts)),
    leave: member((r) => assertCanLeave(r, facts)),
    send: role !== null && !blocked && allows(() => assertOpen(facts)),
    pin: member((r) => assertCanManagePins(r, facts.type)),
    addMembers: member((r) => assertCanAddMember(r, facts, limits)),
    edit: member((r) => assertCanUpdate(r, facts)),
    close: member((r) => assertCanClose(r, facts)),
    // The socket's conversation.join takes members, a closed conversation's too (for reading).
    connect: role !== null,
    // Banning someone who is not in it is what an admin may do to the fewest people: moderators can.
    moderate: member((r) => assertCanBan(r, null, facts, false)),
    changeRoles: member((r) => assertCanChangeRole(r, 'member', 'admin', facts)),
    delete: member((r) => assertCanDelete(r)),
  };
}

/** Whether `rule` lets it through: the rules throw a DomainError to refuse. */
function allows(rule: () => void): boolean {
  try {
    rule();
    return true;
  } catch (err) {
    if (err instanceof DomainError) return false;
    throw err;
  }
}

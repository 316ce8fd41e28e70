import { createHash } from 'node:crypto';
import type { ConversationType, Visibility } from '@chat/contracts';
import type { ConversationClientRequest } from '@chat/persistence';

/** What a create asks for, normalised as it is stored. */
export interface Wanted {
  type: ConversationType;
  name: string | null;
  description: string | null;
  visibility: Visibility;
  e2ee: boolean;
  /** The creator first, then the others, without repeats. */
  memberIds: string[];
}

/**
 * What a create with a clientRequestId is stored with, and what its retries are compared with: the
 * request as it was, since the conversation itself may be renamed or lose founding members later.
 * The members are a digest of the sorted ids (a group may start with thousands), which tells only
 * whether they are the same; that is all a retry needs to know.
 */
export function clientRequestOf(wanted: Wanted): ConversationClientRequest {
  const { type, name, description, visibility, e2ee } = wanted;
  const members = createHash('sha256').update([...wanted.memberIds].sort().join(',')).digest('base64url');
  return { type, name, description, visibility, e2ee, members };
}

/** The fields of the retry that differ from the first request, by their names in the request. */
export function differingFields(first: ConversationClientRequest, retry: ConversationClientRequest): string[] {
  const fields = ['type', 'name', 'description', 'visibility', 'e2ee', 'members'] as const;
  return fields.filter((f) => first[f] !== retry[f]).map((f) => (f === 'members' ? 'memberIds' : f));
}

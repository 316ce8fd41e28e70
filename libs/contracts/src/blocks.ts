import type { User } from './auth';

/**
 * Blocking (who may contact whom). A block is one person's, kept with their account:
 * - `PUT /v1/me/blocks/:userId` → 204: I block that person (again: still 204, the first time kept);
 *   myself is 400 `VALIDATION_FAILED`, someone who is not a user of my tenant (or a deleted
 *   account) 404 `USER_NOT_FOUND`.
 * - `DELETE /v1/me/blocks/:userId` → 204: I unblock them (nothing to undo: still 204).
 * - `GET /v1/me/blocks?limit=&cursor=` → {@link BlocksResponse}: the people I blocked, the most
 *   recent first, continued from `nextCursor` while `hasMore`.
 *
 * Between two people where either blocked the other, neither starts a direct conversation with the
 * other, invites the other to a group or channel (nor creates one with the other in it), sends a
 * message into a direct conversation they share, or adds a reaction to a message there: each is
 * refused with 403 `CONTACT_BLOCKED`, whose message does not say which of the two blocked, and
 * nothing is written or announced. Taking back one's own reaction (DELETE) stays allowed, as
 * deleting one's own message does: it only withdraws what was said before the block.
 * Typing in a direct conversation they share reaches neither: a start (`typing` with `isTyping:
 * true`) is acknowledged as usual (`{}`) but is neither kept nor sent, so the typing indicator does not
 * tell anyone about a block (a stop is taken as ever); typing either had started there before the block
 * ends at once, with the usual `typing` frame listing neither (as if they had stopped).
 * Groups and channels they both belong to go on as before (messages, reactions, typing), but the
 * blocker is not notified (push, email) of the blocked person's messages. The other person is not
 * told about a block.
 */
export interface Block {
  user: User;
  blockedAt: string;
}

/** The page of `GET /v1/me/blocks`: BLOCKS_PAGE_DEFAULT_LIMIT by default, at most BLOCKS_PAGE_MAX_LIMIT. */
export interface BlocksQuery {
  limit?: number;
  /** The previous page's `nextCursor`. */
  cursor?: string;
}

export interface BlocksResponse {
  blocks: Block[];
  /** Null on the last page. */
  nextCursor: string | null;
  hasMore: boolean;
}

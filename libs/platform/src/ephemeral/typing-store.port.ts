export interface TypingKey {
  tenantId: string;
  conversationId: string;
}

export interface TypingState {
  /** Everyone typing in the conversation now, sorted by user id. */
  userIds: string[];
  /** Whether this call added or removed someone (only then is there news to broadcast). */
  changed: boolean;
}

/**
 * Who is typing where, shared by every gateway node. An entry counts while now < its `untilMs`;
 * lapsed entries are invisible at once and removed (and reported) by `expire`. Times are passed
 * in, so adapters keep identical semantics. Every method is one atomic step.
 *
 * Redis mapping (one Lua script per method):
 * - `typing:{t}:{c}` ZSET userId → untilMs (PEXPIREAT at the largest score)
 * - `typing:due` ZSET "t:c" → the smallest untilMs in that conversation
 */
export interface TypingStore {
  start(key: TypingKey, userId: string, nowMs: number, untilMs: number): Promise<TypingState>;
  stop(key: TypingKey, userId: string, nowMs: number): Promise<TypingState>;
  list(key: TypingKey, nowMs: number): Promise<string[]>;
  /**
   * Removes entries lapsed by `nowMs` in up to `limit` conversations and returns who is still
   * typing in each; every conversation is handed to exactly one caller across nodes.
   */
  expire(nowMs: number, limit: number): Promise<{ key: TypingKey; userIds: string[] }[]>;
}

export const TYPING_STORE = Symbol('TYPING_STORE');

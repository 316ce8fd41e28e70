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
 * - `typing:{t}:{c}` ZSET userId → untilMs (an hour's PEXPIRE, a safety net)
 * - `typing-started:{t}:{c}` HASH userId → startedAtMs (the same expiry)
 * - `typing:due` ZSET "t:c" → the smallest untilMs in that conversation
 */
export interface TypingStore {
  /**
   * Starts or refreshes the user's entry. `startedAtMs` becomes the entry's start (a refresh moves
   * it), for `stop`'s bound; it may be read on another clock than `nowMs` (see TypingService.sent).
   */
  start(key: TypingKey, userId: string, nowMs: number, untilMs: number, startedAtMs: number): Promise<TypingState>;
  /**
   * Ends the user's entry. With `startedByMs`, only an entry whose start is at or before it: one
   * started later stays (`changed: false`).
   */
  stop(key: TypingKey, userId: string, nowMs: number, startedByMs?: number): Promise<TypingState>;
  list(key: TypingKey, nowMs: number): Promise<string[]>;
  /**
   * Removes entries lapsed by `nowMs` in up to `limit` conversations and returns who is still
   * typing in each; every conversation is handed to exactly one caller across nodes.
   */
  expire(nowMs: number, limit: number): Promise<{ key: TypingKey; userIds: string[] }[]>;
}

export const TYPING_STORE = Symbol('TYPING_STORE');

/**
 * Who has each conversation open now (ViewersService in @chat/realtime): a TypingStore of its own
 * (entries per conversation that lapse unless renewed), one entry per socket, `<userId>/<socketId>`.
 */
export const VIEWER_STORE = Symbol('VIEWER_STORE');

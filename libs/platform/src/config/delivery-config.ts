import type { EnvReader } from './env-reader';

/** Delivery receipts (@chat/conversations `mark-delivered/`): how acknowledgements are written and where they are kept at all. */
export interface DeliveryConfig {
  /**
   * DELIVERY_RECEIPTS_FLUSH_MS: acknowledgements wait in memory at most this long, then every one
   * received meanwhile is written in one statement and each conversation gets one `delivered` frame.
   */
  flushMs: number;
  /** DELIVERY_RECEIPTS_MAX_PENDING: distinct (conversation, member) acknowledgements held before a write starts early. */
  maxPending: number;
  /** DELIVERY_RECEIPTS_MAX_MEMBERS: conversations with more members keep no delivery pointers (acknowledgements are answered, not written). */
  maxMembers: number;
  /**
   * DELIVERY_RECEIPTS_MEMBERSHIP_CACHE_MS: how long a process trusts that someone acknowledging
   * delivery is a member (and the conversation's size) before looking it up again; 0: every time.
   */
  membershipCacheMs: number;
  /** DELIVERY_RECEIPTS_MEMBERSHIP_CACHE_ENTRIES: (conversation, member) answers kept at most; the oldest go first. */
  membershipCacheEntries: number;
  /**
   * DELIVERY_RECEIPTS_FRAME_LOOKBACK: a `delivered` frame goes to the senders of the messages a
   * moved pointer newly covers, among at most this many of the last ones it covers.
   */
  frameLookback: number;
}

export function readDelivery(r: EnvReader): DeliveryConfig {
  return {
    flushMs: r.int('DELIVERY_RECEIPTS_FLUSH_MS', 1_000, 10, 10_000),
    maxPending: r.int('DELIVERY_RECEIPTS_MAX_PENDING', 10_000, 1, 1_000_000),
    maxMembers: r.int('DELIVERY_RECEIPTS_MAX_MEMBERS', 100, 2, 100_000),
    membershipCacheMs: r.int('DELIVERY_RECEIPTS_MEMBERSHIP_CACHE_MS', 10_000, 0, 600_000),
    membershipCacheEntries: r.int('DELIVERY_RECEIPTS_MEMBERSHIP_CACHE_ENTRIES', 100_000, 1, 10_000_000),
    frameLookback: r.int('DELIVERY_RECEIPTS_FRAME_LOOKBACK', 1_000, 1, 1_000_000),
  };
}

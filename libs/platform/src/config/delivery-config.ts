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
}

export function readDelivery(r: EnvReader): DeliveryConfig {
  return {
    flushMs: r.int('DELIVERY_RECEIPTS_FLUSH_MS', 250, 10, 10_000),
    maxPending: r.int('DELIVERY_RECEIPTS_MAX_PENDING', 10_000, 1, 1_000_000),
    maxMembers: r.int('DELIVERY_RECEIPTS_MAX_MEMBERS', 100, 2, 100_000),
  };
}

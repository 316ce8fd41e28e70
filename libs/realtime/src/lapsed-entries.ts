import type { Clock, TypingStore } from '@chat/platform';

/** Conversations a sweep takes from the store per call. */
const BATCH = 500;

/**
 * Ends every lapsed entry of a TypingStore (typists, viewers), a batch of conversations at a time,
 * each conversation handed to one node by the store; `left` hears who is still there in each.
 */
export async function sweepLapsed(store: TypingStore, clock: Clock, left: (conversationId: string, entries: string[]) => void): Promise<void> {
  for (;;) {
    const expired = await store.expire(clock.now(), BATCH);
    if (expired.length === 0) return;
    for (const { key, userIds } of expired) left(key.conversationId, userIds);
  }
}

/**
 * Client-side view of per-conversation seqs: accepts each seq once, in order, and reports the
 * gap to fetch with `sync` when a live event skips ahead (for example after a reconnect).
 */
export type SeqVerdict = { kind: 'next' } | { kind: 'duplicate' } | { kind: 'gap'; missingFrom: number; missingTo: number };

export class SequenceTracker {
  private readonly lastSeen = new Map<string, number>();

  last(conversationId: string): number {
    return this.lastSeen.get(conversationId) ?? 0;
  }

  /** Records that everything up to `seq` is known (after a join ack or a sync page). */
  advanceTo(conversationId: string, seq: number): void {
    if (seq > this.last(conversationId)) this.lastSeen.set(conversationId, seq);
  }

  observe(conversationId: string, seq: number): SeqVerdict {
    const last = this.last(conversationId);
    if (seq <= last) return { kind: 'duplicate' };
    if (seq === last + 1) {
      this.lastSeen.set(conversationId, seq);
      return { kind: 'next' };
    }
    return { kind: 'gap', missingFrom: last + 1, missingTo: seq - 1 };
  }
}

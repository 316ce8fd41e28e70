/** Sends one acknowledgement; answers whether the conversation tracks delivery at all. */
export type SendDeliveryAck = (conversationId: string, seq: number) => Promise<{ tracked: boolean }>;

interface ConversationAcks {
  /** The highest seq that reached this device. */
  highest: number;
  /** The highest seq acknowledged (sent, or on its way). */
  acked: number;
  lastSentAt: number;
  timer: ReturnType<typeof setTimeout> | null;
  /** The server keeps no delivery pointers here (a big conversation): nothing more is sent. */
  untracked: boolean;
}

/**
 * Tells the server which messages reached this device (`delivered`), throttled per conversation:
 * the first seq goes out at once, later ones at most one per `intervalMs`, on the trailing edge,
 * so the last seq seen is always sent. A burst of 100 messages costs one or two acks, not 100.
 * After a reconnect everything is acknowledged again: the server may have lost marks it had not
 * yet written (it writes them in batches), and an ack that failed is sent then too.
 */
export class DeliveryAcks {
  private readonly conversations = new Map<string, ConversationAcks>();

  constructor(
    private readonly send: SendDeliveryAck,
    private readonly intervalMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Messages up to `seq` of the conversation reached this device. */
  note(conversationId: string, seq: number): void {
    let state = this.conversations.get(conversationId);
    if (!state) this.conversations.set(conversationId, (state = { highest: 0, acked: 0, lastSentAt: Number.NEGATIVE_INFINITY, timer: null, untracked: false }));
    if (seq > state.highest) state.highest = seq;
    this.schedule(conversationId, state);
  }

  /** After a reconnect: acknowledge every conversation's highest seq again (big ones included: they may have shrunk). */
  resend(): void {
    for (const [conversationId, state] of this.conversations) {
      state.acked = 0;
      state.untracked = false;
      this.schedule(conversationId, state);
    }
  }

  stop(): void {
    for (const state of this.conversations.values()) if (state.timer) clearTimeout(state.timer);
    this.conversations.clear();
  }

  private schedule(conversationId: string, state: ConversationAcks): void {
    if (state.timer || state.untracked || state.highest <= state.acked) return;
    const wait = state.lastSentAt + this.intervalMs - this.now();
    if (wait <= 0) this.flush(conversationId, state);
    else state.timer = setTimeout(() => this.flush(conversationId, state), wait);
  }

  private flush(conversationId: string, state: ConversationAcks): void {
    state.timer = null;
    if (state.untracked || state.highest <= state.acked) return;
    const previous = state.acked;
    const seq = (state.acked = state.highest);
    state.lastSentAt = this.now();
    this.send(conversationId, seq).then(
      ({ tracked }) => void (state.untracked = !tracked),
      // Not acknowledged (no connection, a refusal): the next seq, or the resend after a reconnect, carries it.
      () => void (state.acked = Math.min(state.acked, previous)),
    );
  }
}

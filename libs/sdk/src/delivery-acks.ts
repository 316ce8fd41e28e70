import { ChatApiError } from './chat-api-error';

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
 * at most one ack per `intervalMs`, on the trailing edge, so the last seq seen is always sent. A
 * burst of 100 messages costs one or two acks, not 100. Each ack also waits a random part of the
 * interval (`jitter`, 0..1 of it): every member of a room receives a message at the same moment,
 * and without it their acks, and their retries after a refusal, would all reach the server
 * together, each room's members in step (2,000 sockets in rooms of 50 sent their first 2,000 acks
 * within a second and tipped a node into backpressure).
 * After a reconnect everything is acknowledged again: the server may have lost marks it had not
 * yet written (it writes them in batches), and an ack that failed is sent then too. A refusal that
 * says when to come back (RATE_LIMITED past RATE_LIMIT_RECEIPTS_PER_MINUTE, or an overloaded
 * server) sends the highest seq again after its `retryAfterSeconds`, and nothing sooner.
 */
export class DeliveryAcks {
  private readonly conversations = new Map<string, ConversationAcks>();

  constructor(
    private readonly send: SendDeliveryAck,
    private readonly intervalMs: number,
    private readonly now: () => number = () => Date.now(),
    private readonly jitter: () => number = Math.random,
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
    const wait = Math.max(0, state.lastSentAt + this.intervalMs - this.now()) + Math.floor(this.jitter() * this.intervalMs);
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
      (err: unknown) => this.failed(conversationId, state, previous, err),
    );
  }

  /**
   * Not acknowledged: the next seq, or the resend after a reconnect, carries it. A refusal naming
   * its Retry-After is tried again then on its own, or a conversation that falls quiet would keep
   * its pointer behind until the next reconnect.
   */
  private failed(conversationId: string, state: ConversationAcks, previous: number, err: unknown): void {
    state.acked = Math.min(state.acked, previous);
    const retryAfterSeconds = err instanceof ChatApiError ? err.body.retryAfterSeconds : undefined;
    if (retryAfterSeconds === undefined || this.conversations.get(conversationId) !== state) return; // stopped meanwhile
    if (state.timer) clearTimeout(state.timer);
    state.timer = null;
    // schedule() waits until lastSentAt + intervalMs: make that the moment the server named.
    state.lastSentAt = Math.max(state.lastSentAt, this.now() + retryAfterSeconds * 1000 - this.intervalMs);
    this.schedule(conversationId, state);
  }
}

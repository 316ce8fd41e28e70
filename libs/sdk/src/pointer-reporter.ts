import { ChatApiError } from './chat-api-error';

/**
 * Sends one pointer (`read` or `delivered`). An answer `{ tracked: false }` (a `delivered` in a
 * conversation too big to keep delivery pointers) says the server keeps none there: nothing more
 * is sent for it until resend().
 */
export type SendPointer = (conversationId: string, seq: number) => Promise<unknown>;

export interface PointerReporterOptions {
  /** At most one send per conversation per interval, on the trailing edge. 0 (the default): each at once. */
  intervalMs?: number;
  /** 0..1: the part of the interval each send also waits (random by default; none when the interval is 0). */
  jitter?: () => number;
  now?: () => number;
}

interface ConversationPointer {
  /** The highest seq reported. */
  highest: number;
  /** The highest seq sent (or on its way). */
  sent: number;
  lastSentAt: number;
  timer: ReturnType<typeof setTimeout> | null;
  /** The server keeps no such pointer here (a big conversation): nothing more is sent. */
  untracked: boolean;
}

/**
 * Tells the server how far a pointer got in each conversation: each seq once, forward only. Used
 * for delivery (RealtimeClient's `deliveryAcks`: `delivered`, what reached this device) and by the
 * web client for reads (`POST …/read`, what I saw).
 *
 * With an `intervalMs`, at most one send per conversation per interval, on the trailing edge, so
 * the last seq reported always goes out: a burst of 100 messages costs one or two sends, not 100.
 * Each send also waits a random part of the interval (`jitter`, 0..1 of it): every member of a room
 * receives a message at the same moment, and without it their acks, and their retries after a
 * refusal, would all reach the server together, each room's members in step (2,000 sockets in
 * rooms of 50 sent their first 2,000 acks within a second and tipped a node into backpressure).
 *
 * A send that fails goes again with the next report, or at resend() (after a reconnect: the server
 * may have lost delivery marks it had not yet written). A refusal that says when to come back
 * (RATE_LIMITED past RATE_LIMIT_RECEIPTS_PER_MINUTE, or an overloaded server) sends the highest seq
 * reported again after its `retryAfterSeconds` on its own, and nothing sooner: otherwise a
 * conversation that falls quiet would keep its pointer behind. forget() drops a conversation,
 * pending retry included (the web client, when another conversation opens); stop() drops them all.
 *
 * pause() holds every send while the server says it is not taking receipts (its `server.status`
 * lists `receipts`): each would only be refused, and an overloaded node pays for every refusal.
 * Reports go on counting meanwhile, and resume() sends each conversation's highest seq, jittered
 * as any send is.
 *
 * pace() sets the interval the server asks for (its `server.status` names `receiptIntervalMs`,
 * longer on a node whose many sockets acknowledge): sends keep the longer of it and `intervalMs`.
 */
export class PointerReporter {
  private readonly conversations = new Map<string, ConversationPointer>();
  private readonly intervalMs: number;
  private readonly jitter: () => number;
  private readonly now: () => number;
  private paused = false;
  private pacedMs = 0;

  constructor(
    private readonly send: SendPointer,
    { intervalMs = 0, jitter = Math.random, now = () => Date.now() }: PointerReporterOptions = {},
  ) {
    this.intervalMs = intervalMs;
    this.jitter = jitter;
    this.now = now;
  }

  /** The pointer of the conversation reached `seq` (a lower one than already reported changes nothing). */
  report(conversationId: string, seq: number): void {
    let state = this.conversations.get(conversationId);
    if (!state) this.conversations.set(conversationId, (state = { highest: 0, sent: 0, lastSentAt: Number.NEGATIVE_INFINITY, timer: null, untracked: false }));
    if (seq > state.highest) state.highest = seq;
    this.schedule(conversationId, state);
  }

  /** After a reconnect: send every conversation's highest seq again (untracked ones included: they may have shrunk). */
  resend(): void {
    for (const [conversationId, state] of this.conversations) {
      state.sent = 0;
      state.untracked = false;
      this.schedule(conversationId, state);
    }
  }

  /** Nothing reported in this conversation yet, as far as this reporter knows, and no retry left for it. */
  forget(conversationId: string): void {
    const state = this.conversations.get(conversationId);
    if (state?.timer) clearTimeout(state.timer);
    this.conversations.delete(conversationId);
  }

  /** Holds every send, the ones already waiting included, until resume(); reports still count. */
  pause(): void {
    this.paused = true;
    for (const state of this.conversations.values()) {
      if (state.timer) clearTimeout(state.timer);
      state.timer = null;
    }
  }

  /** Sends what pause() held: each conversation's highest seq not sent yet. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    for (const [conversationId, state] of this.conversations) this.schedule(conversationId, state);
  }

  /**
   * The least interval the server asks between one conversation's sends; 0: none. Sends scheduled
   * already keep their time, the next ones wait the longer of this and `intervalMs`.
   */
  pace(intervalMs: number): void {
    this.pacedMs = intervalMs;
  }

  /** Forgets every conversation: no timer left, and a refusal answered later schedules nothing. */
  stop(): void {
    for (const conversationId of [...this.conversations.keys()]) this.forget(conversationId);
  }

  private schedule(conversationId: string, state: ConversationPointer): void {
    if (this.paused || state.timer || state.untracked || state.highest <= state.sent) return;
    const interval = this.interval();
    const wait = Math.max(0, state.lastSentAt + interval - this.now()) + Math.floor(this.jitter() * interval);
    if (wait <= 0) this.flush(conversationId, state);
    else state.timer = setTimeout(() => this.flush(conversationId, state), wait);
  }

  private interval(): number {
    return Math.max(this.intervalMs, this.pacedMs);
  }

  private flush(conversationId: string, state: ConversationPointer): void {
    state.timer = null;
    if (state.untracked || state.highest <= state.sent) return;
    const previous = state.sent;
    const seq = (state.sent = state.highest);
    state.lastSentAt = this.now();
    this.send(conversationId, seq).then(
      (answer) => void (state.untracked = isUntracked(answer)),
      (err: unknown) => this.failed(conversationId, state, seq, previous, err),
    );
  }

  /**
   * Not sent: the next report, or resend(), carries it, unless a later send took over meanwhile
   * (its own answer decides). A refusal naming its Retry-After holds the conversation's next send
   * until then, and makes it then even if nothing else is reported.
   */
  private failed(conversationId: string, state: ConversationPointer, seq: number, previous: number, err: unknown): void {
    if (state.sent === seq) state.sent = previous;
    const retryAfterSeconds = err instanceof ChatApiError ? err.body.retryAfterSeconds : undefined;
    if (retryAfterSeconds === undefined || this.conversations.get(conversationId) !== state) return; // forgotten meanwhile
    if (state.timer) clearTimeout(state.timer);
    state.timer = null;
    // schedule() waits until lastSentAt + the interval: make that the moment the server named.
    state.lastSentAt = Math.max(state.lastSentAt, this.now() + retryAfterSeconds * 1000 - this.interval());
    this.schedule(conversationId, state);
  }
}

function isUntracked(answer: unknown): boolean {
  return typeof answer === 'object' && answer !== null && 'tracked' in answer && answer.tracked === false;
}

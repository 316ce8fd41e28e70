import { ChatApiError } from '@chat/sdk';

/** Sends one read pointer (POST /v1/conversations/:id/read). */
export type SendRead = (conversationId: string, seq: number) => Promise<unknown>;

/**
 * Tells the server how far I read in the open conversation: each seq once, forward only. A report
 * that fails is sent again with the next one (a scroll, a message). One the server refuses with a
 * Retry-After (RATE_LIMITED past RATE_LIMIT_RECEIPTS_PER_MINUTE, or an overloaded server) is sent
 * again then on its own, with the highest seq asked for meanwhile and nothing sooner: otherwise a
 * conversation that falls quiet would keep my pointer, and my unread count after a reload, behind.
 */
export class ReadReporter {
  private conversationId: string | null = null;
  /** Highest seq asked for in that conversation. */
  private wanted = 0;
  /** Highest seq sent (or on its way). */
  private sent = 0;
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly send: SendRead) {}

  report(conversationId: string, seq: number): void {
    if (conversationId !== this.conversationId) {
      this.reset();
      this.conversationId = conversationId;
    }
    this.wanted = Math.max(this.wanted, seq);
    this.flush();
  }

  /** Another conversation opens (or none): nothing reported there yet, and no retry left for this one. */
  reset(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.conversationId = null;
    this.wanted = this.sent = 0;
  }

  private flush(): void {
    const { conversationId, wanted: seq } = this;
    if (!conversationId || this.retry || seq <= this.sent) return;
    const previous = this.sent;
    this.sent = seq;
    this.send(conversationId, seq).catch((err: unknown) => this.failed(conversationId, seq, previous, err));
  }

  private failed(conversationId: string, seq: number, previous: number, err: unknown): void {
    // Another conversation, or a later report, took over meanwhile.
    if (conversationId !== this.conversationId || this.sent !== seq) return;
    this.sent = previous;
    const retryAfterSeconds = err instanceof ChatApiError ? err.body.retryAfterSeconds : undefined;
    if (retryAfterSeconds === undefined) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.flush();
    }, retryAfterSeconds * 1000);
  }
}

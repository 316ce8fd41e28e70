import type { Message } from '@chat/contracts';
import { addressesMe } from './addressed-to-me';
import type { SessionApi } from './session-api';

/**
 * The open conversation's unread messages addressed to me (they mention me or answer one of my
 * standing messages), by seq, oldest first: what the pane's "@" button jumps through. Fetched when
 * the conversation opens (`GET …/mentions`: those after my read pointer, so before this tab reports
 * what it shows); a live one from someone else that arrives out of view joins them. One leaves once
 * it has been in view, once jumped to, or once deleted, and does not come back with a later answer.
 * With more than one page, the next is fetched when these run out.
 */
export class UnreadMentions {
  private conversationId: string | null = null;
  private seqs: number[] = [];
  private hasMore = false;
  /** The last seq of the last page fetched: the next starts after it (my pointer may have moved since). */
  private after: number | undefined;
  /** Left since the conversation opened: an answer fetched later must not bring them back. */
  private readonly gone = new Set<number>();

  constructor(
    private readonly api: Pick<SessionApi, 'unreadMentions'>,
    private readonly meId: string,
    private readonly changed: (count: number) => void,
  ) {}

  /**
   * Another conversation opens (null: none): the last one's mentions go at once, and its own are
   * fetched. Settles once they are (never rejects: the conversation reads without them).
   */
  async open(conversationId: string | null): Promise<void> {
    this.conversationId = conversationId;
    this.gone.clear();
    this.hasMore = false;
    this.after = undefined;
    this.set([]);
    if (conversationId) await this.fetch(conversationId);
  }

  /** A live message of the open conversation that arrived out of view. */
  arrived(message: Pick<Message, 'conversationId' | 'seq' | 'senderId' | 'mentions' | 'replyTo'>): void {
    if (message.conversationId === this.conversationId && message.senderId !== this.meId && addressesMe(message, this.meId)) this.add([message.seq]);
  }

  /** What is in view now has been seen. */
  seen(inView: (seq: number) => boolean): void {
    this.drop(this.seqs.filter(inView));
  }

  deleted(seq: number): void {
    this.drop([seq]);
  }

  /** The oldest, which leaves as it is jumped to (undefined: none left). */
  next(): number | undefined {
    const seq = this.seqs[0];
    if (seq !== undefined) this.drop([seq]);
    return seq;
  }

  private add(seqs: number[]): void {
    const fresh = seqs.filter((seq) => !this.seqs.includes(seq) && !this.gone.has(seq));
    if (fresh.length > 0) this.set([...this.seqs, ...fresh].sort((a, b) => a - b));
  }

  private drop(seqs: number[]): void {
    for (const seq of seqs) this.gone.add(seq);
    const left = this.seqs.filter((seq) => !this.gone.has(seq));
    if (left.length === this.seqs.length) return;
    this.set(left);
    if (left.length === 0 && this.hasMore && this.conversationId) void this.fetch(this.conversationId);
  }

  private async fetch(conversationId: string): Promise<void> {
    // Cleared while asking, so running out again meanwhile does not ask twice.
    this.hasMore = false;
    try {
      const { mentions, hasMore } = await this.api.unreadMentions(conversationId, { after: this.after }); // the server's largest page, whatever HISTORY_MAX_LIMIT is
      if (conversationId !== this.conversationId) return;
      this.hasMore = hasMore;
      this.after = mentions.at(-1)?.seq ?? this.after;
      this.add(mentions.map((m) => m.seq));
    } catch {
      // The button is extra: without it the messages still read, and the sidebar's badge still counted them.
    }
  }

  private set(seqs: number[]): void {
    this.seqs = seqs;
    this.changed(seqs.length);
  }
}

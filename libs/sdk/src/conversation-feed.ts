import type { Message } from '@chat/contracts';
import { SequenceTracker } from '@chat/domain';
import type { RealtimeClient } from './realtime-client';

export interface ConversationFeedOptions {
  /**
   * A rejoin after a reconnect, or a catch-up after a gap, failed: nobody awaits those. The next
   * reconnect or gap tries again; a conversation that is no longer the caller's (NOT_A_MEMBER,
   * CONVERSATION_NOT_FOUND) never will succeed, which only the caller can act on.
   */
  onError: (err: unknown) => void;
  /** Messages asked per `sync` page. */
  pageSize?: number;
}

/**
 * A conversation's messages, each delivered to `onMessage` exactly once and in seq order:
 * live frames that skip ahead, and every reconnect, trigger a `sync` from the last seq seen.
 */
export class ConversationFeed {
  private readonly tracker = new SequenceTracker();
  private syncing: Promise<void> | null = null;
  /** Live frames that arrive while a sync runs; replayed after it, so none is lost or doubled. */
  private heldBack: Message[] = [];
  private readonly onCreated = ({ message }: { message: Message }) => this.receive(message);
  private readonly onReconnect = () => this.inBackground(this.resubscribe());

  constructor(
    private readonly client: RealtimeClient,
    readonly conversationId: string,
    private readonly onMessage: (message: Message) => void,
    private readonly options: ConversationFeedOptions,
  ) {}

  /** Subscribes; `fromSeq` is the last seq the caller already has (0 for everything). */
  async start(fromSeq = 0): Promise<void> {
    this.tracker.advanceTo(this.conversationId, fromSeq);
    this.client.socket.on('message.created', this.onCreated);
    this.client.socket.on('connect', this.onReconnect);
    await this.resubscribe();
  }

  stop(): void {
    this.client.socket.off('message.created', this.onCreated);
    this.client.socket.off('connect', this.onReconnect);
  }

  get lastSeq(): number {
    return this.tracker.last(this.conversationId);
  }

  private async resubscribe(): Promise<void> {
    await this.client.request('conversation.join', { conversationId: this.conversationId });
    await this.catchUp();
  }

  private receive(message: Message): void {
    if (message.conversationId !== this.conversationId) return;
    if (this.syncing) {
      this.heldBack.push(message);
      return;
    }
    const verdict = this.tracker.observe(this.conversationId, message.seq);
    if (verdict.kind === 'next') this.onMessage(message);
    else if (verdict.kind === 'gap') this.inBackground(this.catchUp());
  }

  /** Pages through `sync` until nothing is missing. */
  catchUp(): Promise<void> {
    this.syncing ??= (async () => {
      try {
        for (;;) {
          const page = await this.client.request('sync', { conversationId: this.conversationId, afterSeq: this.lastSeq, limit: this.options.pageSize ?? 200 });
          for (const m of page.messages) if (this.tracker.observe(this.conversationId, m.seq).kind === 'next') this.onMessage(m);
          if (!page.hasMore) return;
        }
      } finally {
        this.syncing = null;
      }
    })();
    const done = this.syncing;
    return done.then(() => {
      const held = this.heldBack;
      this.heldBack = [];
      for (const m of held) this.receive(m);
    });
  }

  private inBackground(work: Promise<void>): void {
    work.catch((err: unknown) => this.options.onError(err));
  }
}

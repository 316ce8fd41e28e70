import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, CLOCK, TYPING_STORE, every, type AppConfig, type Clock, type TypingKey, type TypingStore } from '@chat/platform';
import { ChatGateway } from '../chat.gateway';
import { RealtimeMetrics } from '../realtime-metrics';
import { sweepLapsed } from '../lapsed-entries';
import { conversationRoom } from '../rooms';
import { TypingAdmission } from './typing-admission';

const TYPING_SWEEP_MS = 250;

/**
 * Who is typing in each conversation. State lives in the TypingStore (shared by every node);
 * a `typing` frame with the whole list goes to the conversation's room whenever the list
 * changes: someone starts, stops, sends a message, falls silent for TYPING_TTL_SECONDS, or is
 * on either side of a new block in a direct conversation.
 * A client's start is let through by TypingAdmission first (the user's typing budget, and blocks in
 * a direct conversation); one it does not let through changes nothing. A stop spends nothing and is
 * never refused: it sends a frame only when it ends a start that was let through, and a typist who
 * hit the limit can still clear their indicator.
 */
@Injectable()
export class TypingService implements OnModuleInit, OnModuleDestroy {
  private stopSweeping: (() => Promise<void>) | null = null;

  constructor(
    @Inject(TYPING_STORE) private readonly store: TypingStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly gateway: ChatGateway,
    private readonly metrics: RealtimeMetrics,
    private readonly admission: TypingAdmission,
  ) {}

  onModuleInit(): void {
    this.stopSweeping = every(TYPING_SWEEP_MS, 'TypingSweep', () => this.sweep());
  }

  async onModuleDestroy(): Promise<void> {
    await this.stopSweeping?.();
  }

  /**
   * A client's `typing` event: a start past the user's budget throws RateLimitedError (nothing
   * changed, nothing sent); one towards `peer` (the other person of a direct conversation, see
   * TypingPeers) across a block changes nothing.
   */
  async typing(key: TypingKey, userId: string, isTyping: boolean, peer: string | null = null): Promise<void> {
    if (!isTyping) return this.stop(key, userId);
    if (!(await this.admission.admits(key, userId, peer))) return;
    const now = this.clock.now();
    // The start on the wall clock, not CLOCK: `sent` compares it with a message's createdAt, which the
    // sending process reads off its wall clock (CLOCK is that clock in production; tests move it).
    const state = await this.store.start(key, userId, now, now + this.config.presence.typingTtlMs, Date.now());
    if (!state.changed) return;
    // A block may commit between the admission's lookup and the start being kept, with its end of
    // typing (RealtimeFanout, on whichever node took the event) run before the start was kept: the
    // start would show until it lapsed. So a start that shows someone anew in a direct conversation
    // looks again once it is in the shared store. Either this lookup sees the block and the start
    // ends here, before its frame goes out, or the block commits after the lookup, hence after the
    // start was kept, and its end of typing (which follows its commit) removes it. Both sides meet in
    // Postgres and the shared TypingStore, so this holds across nodes, which a node's memory of
    // recent blocks would not (the event reaches one node; the start may be on another). A start
    // that only extends a shown indicator (changed: false) needs no second look: the start that
    // showed it did, and the stop that follows a block removes the entry whoever extended it.
    if (peer && !(await this.admission.unblocked(key, userId, peer))) return this.stop(key, userId);
    this.emit(key.conversationId, state.userIds);
  }

  /**
   * A message ends the typing that led to it (the server's own doing: no budget spent): its sender's
   * typing started by its `createdAt`. Its event comes a relay pass after the send (and Kafka on the
   * split deployment), and a start since then is the sender's next message, which stays.
   *
   * The two times come from two clocks: createdAt from the process that took the send, the start
   * from the gateway that took it. No tolerance: the moments compared are a person's action apart
   * (the last key before Enter, the first key after it: a hundred milliseconds or more), and NTP
   * keeps servers within a few milliseconds. A start in the message's millisecond counts as before
   * it. A node off by more moves the line by as much: ahead, typing from just before a send outlives
   * it until the typist's stop (the web client sends one with each message) or TYPING_TTL_SECONDS;
   * behind, a start just after a send ends, as every such start did before this check, until the
   * client's next one (the web client's come every 2.5 s while the box changes).
   */
  async sent(key: TypingKey, userId: string, createdAt: string): Promise<void> {
    await this.stop(key, userId, Date.parse(createdAt));
  }

  /**
   * A new block between two people ends both their typing in a direct conversation of theirs at once
   * (a start from before it would otherwise show until it lapsed), with one frame of who is left, if
   * either was typing. Only while a block still stands between them: a busy node can handle the
   * block's event after an unblock and a new start, which must stay. (An unblock landing between this
   * lookup and the stops can still end such a start: a window of one lookup, not of the event's delay.)
   */
  async blocked(key: TypingKey, blockerId: string, blockedId: string): Promise<void> {
    if (await this.admission.unblocked(key, blockerId, blockedId)) return;
    let changed = false;
    let left: string[] = [];
    for (const userId of [blockerId, blockedId]) {
      const state = await this.store.stop(key, userId, this.clock.now());
      changed ||= state.changed;
      left = state.userIds;
    }
    if (changed) this.emit(key.conversationId, left);
  }

  /** `startedBy`: end only a start at or before this time (see `sent`). */
  private async stop(key: TypingKey, userId: string, startedBy?: number): Promise<void> {
    const state = await this.store.stop(key, userId, this.clock.now(), startedBy);
    if (state.changed) this.emit(key.conversationId, state.userIds);
  }

  sweep(): Promise<void> {
    return sweepLapsed(this.store, this.clock, (conversationId, userIds) => this.emit(conversationId, userIds));
  }

  private emit(conversationId: string, userIds: string[]): void {
    this.gateway.server.to(conversationRoom(conversationId)).emit('typing', { conversationId, userIds });
    this.metrics.typingFrames.inc();
  }
}

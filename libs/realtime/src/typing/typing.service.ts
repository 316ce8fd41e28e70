import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { mayContact } from '@chat/domain';
import { UserBlocksRepository } from '@chat/identity';
import { APP_CONFIG, CLOCK, TYPING_STORE, UserRateLimits, every, type AppConfig, type Clock, type TypingKey, type TypingStore } from '@chat/platform';
import { ChatGateway } from '../chat.gateway';
import { RealtimeMetrics } from '../realtime-metrics';
import { conversationRoom } from '../rooms';

const TYPING_SWEEP_MS = 250;

/**
 * Who is typing in each conversation. State lives in the TypingStore (shared by every node);
 * a `typing` frame with the whole list goes to the conversation's room whenever the list
 * changes: someone starts, stops, sends a message, or falls silent for TYPING_TTL_SECONDS.
 * A client's start spends one of the user's RATE_LIMIT_TYPING_PER_MINUTE first; past it the start
 * changes nothing and the ack says RATE_LIMITED (a client toggling as fast as it can would otherwise
 * have every member of the room sent a frame each time). A stop spends nothing and is never
 * refused: it sends a frame only when it ends a start that was let through, and a typist who hit
 * the limit can still clear their indicator.
 * In a direct conversation whose two people are on either side of a block, a start is dropped after
 * its budget is spent: nothing is stored or sent and the ack is the usual empty one, so neither side
 * learns of the block from typing, as with a blocked contact's indicator in the messaging apps people
 * know (a message, which someone waits an answer to, is refused with CONTACT_BLOCKED instead). Only
 * direct conversations read blocks (one lookup of two key probes per start let through); see TypingPeers.
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
    private readonly rates: UserRateLimits,
    private readonly blocks: UserBlocksRepository,
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
    if (isTyping) {
      await this.rates.spend('typingPerMinute', userId);
      if (peer && !mayContact(await this.blocks.between(key.tenantId, userId, [peer]), userId, peer)) return;
    }
    await this.change(key, userId, isTyping);
  }

  /** Sending ends the sender's typing at once (the server's own doing: no budget spent). */
  async sent(key: TypingKey, userId: string): Promise<void> {
    await this.change(key, userId, false);
  }

  private async change(key: TypingKey, userId: string, isTyping: boolean): Promise<void> {
    const now = this.clock.now();
    const state = isTyping ? await this.store.start(key, userId, now, now + this.config.presence.typingTtlMs) : await this.store.stop(key, userId, now);
    if (state.changed) this.emit(key.conversationId, state.userIds);
  }

  async sweep(): Promise<void> {
    for (;;) {
      const expired = await this.store.expire(this.clock.now(), 500);
      if (expired.length === 0) return;
      for (const { key, userIds } of expired) this.emit(key.conversationId, userIds);
    }
  }

  private emit(conversationId: string, userIds: string[]): void {
    this.gateway.server.to(conversationRoom(conversationId)).emit('typing', { conversationId, userIds });
    this.metrics.typingFrames.inc();
  }
}

import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, CLOCK, TYPING_STORE, every, type AppConfig, type Clock, type TypingKey, type TypingStore } from '@chat/platform';
import { ChatGateway } from '../chat.gateway';
import { RealtimeMetrics } from '../realtime-metrics';
import { conversationRoom } from '../rooms';

const TYPING_SWEEP_MS = 250;

/**
 * Who is typing in each conversation. State lives in the TypingStore (shared by every node);
 * a `typing` frame with the whole list goes to the conversation's room whenever the list
 * changes: someone starts, stops, sends a message, or falls silent for TYPING_TTL_SECONDS.
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
  ) {}

  onModuleInit(): void {
    this.stopSweeping = every(TYPING_SWEEP_MS, 'TypingSweep', () => this.sweep());
  }

  async onModuleDestroy(): Promise<void> {
    await this.stopSweeping?.();
  }

  async typing(key: TypingKey, userId: string, isTyping: boolean): Promise<void> {
    const now = this.clock.now();
    const state = isTyping ? await this.store.start(key, userId, now, now + this.config.presence.typingTtlMs) : await this.store.stop(key, userId, now);
    if (state.changed) this.emit(key.conversationId, state.userIds);
  }

  /** Sending ends the sender's typing at once. */
  async sent(key: TypingKey, userId: string): Promise<void> {
    await this.typing(key, userId, false);
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

import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EventName, type EventEnvelope } from '@chat/contracts';
import { EVENT_BUS, eachEvent, type EventBus } from '@chat/platform';
import { ChatGateway } from './chat.gateway';
import { actionsFor } from './event-frames';
import { TypingService } from './typing/typing.service';

/** Every gateway shares this consumer group; the Socket.IO adapter carries frames to other nodes. */
export const FANOUT_GROUP = 'gateway-fanout';
const REMEMBERED_EVENTS = 10_000;
/** Conversations whose last emitted seq is remembered; the least recently active are forgotten first. */
const REMEMBERED_CONVERSATIONS = 100_000;

/**
 * Turns committed events into server frames (see `actionsFor`). `message.created` is emitted in
 * seq order per conversation (the bus keeps per-conversation order) and a message seen again is
 * dropped by seq (for the most recently active conversations); other redelivered events are dropped
 * by id (recent ones). A duplicate older than that memory re-sends a frame: message frames carry
 * their seq and other frames absolute state, so clients apply them idempotently.
 */
@Injectable()
export class RealtimeFanout implements OnModuleInit {
  private readonly lastEmittedSeq = new Map<string, number>();
  private readonly recentEventIds = new Set<string>();

  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly gateway: ChatGateway,
    private readonly typing: TypingService,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe(FANOUT_GROUP, eachEvent(FANOUT_GROUP, (event) => this.fanOut(event)));
  }

  private async fanOut(event: EventEnvelope): Promise<void> {
    if (this.seenBefore(event)) return;
    const io = this.gateway.server;
    for (const action of actionsFor(event)) {
      if (action.kind === 'unsubscribe') io.in(action.socketsIn).socketsLeave(action.room);
      else io.to(action.rooms).emit(action.frame, action.payload as never);
    }
    if (event.name === EventName.MessageSent) {
      const { message } = (event as EventEnvelope<typeof EventName.MessageSent>).payload;
      // Sending ends the sender's typing indicator, for REST and socket sends alike.
      await this.typing.sent({ tenantId: event.tenantId, conversationId: message.conversationId }, message.senderId);
    }
  }

  private seenBefore(event: EventEnvelope): boolean {
    if (event.name === EventName.MessageSent) {
      const { message } = (event as EventEnvelope<typeof EventName.MessageSent>).payload;
      if (message.seq <= (this.lastEmittedSeq.get(message.conversationId) ?? 0)) return true;
      // Re-inserted, so the Map's insertion order is recency and its first key the one to forget.
      this.lastEmittedSeq.delete(message.conversationId);
      this.lastEmittedSeq.set(message.conversationId, message.seq);
      if (this.lastEmittedSeq.size > REMEMBERED_CONVERSATIONS) this.lastEmittedSeq.delete(this.lastEmittedSeq.keys().next().value!);
      return false;
    }
    if (this.recentEventIds.has(event.id)) return true;
    if (this.recentEventIds.size >= REMEMBERED_EVENTS) this.recentEventIds.delete(this.recentEventIds.values().next().value!);
    this.recentEventIds.add(event.id);
    return false;
  }
}

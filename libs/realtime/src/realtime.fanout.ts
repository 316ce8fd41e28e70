import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EventName, type EventEnvelope, type Message } from '@chat/contracts';
import { ConversationsRepository } from '@chat/conversations';
import { directKey } from '@chat/domain';
import { MessageAttachments } from '@chat/media';
import { APP_CONFIG, EVENT_BUS, eachEvent, type AppConfig, type EventBus } from '@chat/platform';
import { ChatGateway } from './chat.gateway';
import { actionsFor, type FeatureRefreshWindow } from './event-frames';
import { MessageFrames } from './message-frames';
import { conversationRoom } from './rooms';
import { TypingService } from './typing/typing.service';

/** Every gateway shares this consumer group; the Socket.IO adapter carries frames to other nodes. */
export const FANOUT_GROUP = 'gateway-fanout';
const REMEMBERED_EVENTS = 10_000;

/**
 * Turns committed events into server frames. `message.created` goes through MessageFrames (seq
 * order per conversation, once per message); the other events become the frames of `actionsFor`,
 * and one seen again is dropped by id (recent ones). A duplicate older than that memory re-sends
 * a frame: those frames carry absolute state, so clients apply them idempotently.
 */
@Injectable()
export class RealtimeFanout implements OnModuleInit {
  private readonly recentEventIds = new Set<string>();
  /** Told of a flag change, clients ask again once every process's cache of the flags has it. */
  private readonly featureRefresh: FeatureRefreshWindow;

  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    private readonly gateway: ChatGateway,
    private readonly messageFrames: MessageFrames,
    private readonly typing: TypingService,
    private readonly attachments: MessageAttachments,
    private readonly conversations: ConversationsRepository,
    @Inject(APP_CONFIG) { features }: AppConfig,
  ) {
    this.featureRefresh = { refreshAfterMs: features.cacheMs, refreshSpreadMs: features.refreshSpreadMs };
  }

  onModuleInit(): void {
    this.bus.subscribe(FANOUT_GROUP, eachEvent(FANOUT_GROUP, (event) => this.fanOut(event)));
  }

  private async fanOut(event: EventEnvelope): Promise<void> {
    const io = this.gateway.server;
    if (event.name === EventName.MessageSent) {
      const { message } = (event as EventEnvelope<typeof EventName.MessageSent>).payload;
      // Events carry no media links (they would expire in the log); frames get fresh ones.
      this.messageFrames.fromRelay(io, this.attachments.withUrls(message));
      // Sending ends the sender's typing indicator, for REST and socket sends alike, but not typing
      // started after the message (see TypingService.sent); a redelivery ends nothing more.
      await this.typing.sent({ tenantId: event.tenantId, conversationId: message.conversationId }, message.senderId, message.createdAt);
      return;
    }
    if (this.recentEventIds.has(event.id)) return;
    if (event.name === EventName.UserBlocked) await this.endTypingAcross(event as EventEnvelope<typeof EventName.UserBlocked>);
    else {
      for (const action of actionsFor(event, this.featureRefresh)) {
        if (action.kind === 'unsubscribe') io.in(action.socketsIn).socketsLeave(action.room);
        else if (action.kind === 'disconnect') io.in(action.socketsIn).disconnectSockets(true);
        else if (action.kind === 'emitToConversationsOf') io.to([...action.rooms, ...(await this.conversationRoomsOf(event.tenantId, action.userId))]).emit(action.frame, action.payload as never);
        else io.to(action.rooms).emit(action.frame, this.withUrls(action.frame, action.payload) as never);
      }
    }
    // Remembered once done: an event whose lookup failed is tried again by the delivery's retry, not skipped as seen.
    this.remember(event);
  }

  /**
   * A new block ends both people's typing in their direct conversations (the plaintext one and the
   * end-to-end encrypted one, where they exist) now: no start is let through across it any more
   * (TypingAdmission), but one from before it would show until it lapsed. The store is shared and the
   * frame goes through the adapter, so whichever node takes the event does it for all. A start whose
   * block lookup ran just before the block committed and that is kept only after this is ended by its
   * own second lookup (TypingService.typing). A block undone by the time this runs ends nothing.
   */
  private async endTypingAcross({ tenantId, payload: { blockerId, blockedId } }: EventEnvelope<typeof EventName.UserBlocked>): Promise<void> {
    for (const e2ee of [false, true]) {
      const direct = await this.conversations.findDirect(tenantId, directKey(blockerId, blockedId, e2ee));
      if (direct) await this.typing.blocked({ tenantId, conversationId: direct.id }, blockerId, blockedId);
    }
  }

  private async conversationRoomsOf(tenantId: string, userId: string): Promise<string[]> {
    return ((await this.conversations.conversationIdsOf(tenantId, [userId])).get(userId) ?? []).map(conversationRoom);
  }

  private withUrls(frame: string, payload: object): object {
    return frame === 'message.updated' ? { message: this.attachments.withUrls((payload as { message: Message }).message) } : payload;
  }

  private remember(event: EventEnvelope): void {
    if (this.recentEventIds.size >= REMEMBERED_EVENTS) this.recentEventIds.delete(this.recentEventIds.values().next().value!);
    this.recentEventIds.add(event.id);
  }
}

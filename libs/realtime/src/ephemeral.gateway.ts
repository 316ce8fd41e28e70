import { Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import type { Ack } from '@chat/contracts';
import { ConversationAccess } from '@chat/conversations';
import { FeatureFlags } from '@chat/features';
import { LoadMonitor, Metrics, SOCKET_IO_PATH, validatePayload } from '@chat/platform';
import type { ChatServer, ChatSocket } from './chat.gateway';
import type { PresenceConnection } from './presence/local-connections';
import { PresenceService } from './presence/presence.service';
import { ServerStatusTeller } from './server-status';
import { joinConversationRoom } from './conversation-room';
import { answer } from './socket-ack';
import { PresenceSetPayload, TypingPayload, ViewPayload } from './socket-payloads';
import { TypingPeers } from './typing/typing-peers';
import { TypingService } from './typing/typing.service';
import { ViewersService } from './viewers/viewers.service';

/** Disconnect reasons that mean the client closed the socket on purpose (socket.io's names). */
const CLEAN_DISCONNECTS = new Set(['client namespace disconnect', 'server namespace disconnect']);
/**
 * Client events that are not the person doing something. A delivery acknowledgement is sent by the
 * client itself whenever a message arrives: counting it would keep everyone in a busy room online.
 */
const NOT_ACTIVITY = new Set(['presence.heartbeat', 'presence.set', 'delivered']);

/** Client events the receipt interval paces (ServerStatusTeller counts them). */
const RECEIPTS = new Set(['read', 'delivered']);

/**
 * A socket's presence lease is its own, by its id (unique across nodes), never one keyed by the
 * handshake's `deviceId`: a browser's tabs share that, and the first to close cleanly would end the
 * lease the others still hold. The device (1–64 of [A-Za-z0-9_-], else none) lets a reconnect end
 * the leases its dropped connections left (LocalConnections).
 */
function connectionOf(socket: ChatSocket): PresenceConnection {
  const claimed: unknown = socket.handshake.auth?.deviceId;
  return { leaseId: socket.id, deviceId: typeof claimed === 'string' && /^[\w-]{1,64}$/.test(claimed) ? claimed : null };
}

/**
 * Client signals that are never stored or sent through the outbox: presence, typing, and which
 * conversation a socket shows (viewers). They change shared ephemeral state and are broadcast
 * straight from here (through socket.io rooms, which the Redis adapter carries across nodes). Also
 * has this node's sockets told its status (ServerStatusTeller: the load level, since typing is the
 * first thing a loaded node stops taking, and the receipt interval). Shares the Socket.IO server of
 * ChatGateway, whose handshake middleware has already authenticated every socket that reaches this class.
 */
@WebSocketGateway({ path: SOCKET_IO_PATH })
export class EphemeralGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger(EphemeralGateway.name);

  constructor(
    private readonly presence: PresenceService,
    private readonly typingState: TypingService,
    private readonly typingPeers: TypingPeers,
    private readonly metrics: Metrics,
    private readonly load: LoadMonitor,
    private readonly features: FeatureFlags,
    private readonly status: ServerStatusTeller,
    private readonly viewers: ViewersService,
    private readonly access: ConversationAccess,
  ) {}

  /**
   * The socket's lease is recorded during the handshake (after ChatGateway's authentication, the
   * middleware registered before this one), so by the time a client sees itself connected the
   * lease is in the store: another socket closing right after cannot find the user lease-less.
   */
  afterInit(server: ChatServer): void {
    this.status.attach(server);
    server.use((socket, next) => {
      const principal = socket.data.principal;
      if (!principal) return next();
      this.presence.connected(principal, socket.id).then(
        () => next(),
        (err) => {
          this.logger.warn({ err, userId: principal.userId }, 'Presence update failed');
          next();
        },
      );
    });
  }

  handleConnection(socket: ChatSocket): void {
    const principal = socket.data.principal;
    const failed = (err: unknown) => this.logger.warn({ err, userId: principal.userId }, 'Presence update failed');
    const connection = connectionOf(socket);
    // After every handshake middleware let it in: a socket refused later is never counted, as it never disconnects.
    this.presence.opened(principal, connection).catch(failed);
    socket.use(([event], next) => {
      if (RECEIPTS.has(event)) this.status.receiptTaken();
      if (!NOT_ACTIVITY.has(event)) this.presence.active(principal).catch(failed);
      next();
    });
    socket.once('disconnect', (reason) => {
      void this.presence.disconnected(principal, connection, CLEAN_DISCONNECTS.has(reason)).catch(failed);
      void this.viewers.closed(socket).catch(failed);
    });
  }

  @SubscribeMessage('presence.heartbeat')
  heartbeat(@ConnectedSocket() socket: ChatSocket): Promise<Ack> {
    return this.answer('presence.heartbeat', async () => {
      await Promise.all([this.presence.heartbeat(socket.data.principal, socket.id), this.viewers.renew(socket)]);
      return {};
    });
  }

  @SubscribeMessage('presence.set')
  set(@ConnectedSocket() socket: ChatSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.answer('presence.set', async () => {
      const { status } = await validatePayload(PresenceSetPayload, body);
      await this.presence.setStatus(socket.data.principal, status);
      return {};
    });
  }

  /**
   * The conversation this socket shows now (ViewersService); a member's only. Showing one joins its
   * room too (as `conversation.join`), for the `viewers` frames, and it lasts while the socket is in it.
   */
  @SubscribeMessage('conversation.view')
  view(@ConnectedSocket() socket: ChatSocket, @MessageBody() body: unknown): Promise<Ack<{ viewers: string[] }>> {
    return this.answer('conversation.view', async () => {
      const { conversationId } = await validatePayload(ViewPayload, body);
      if (conversationId !== null) await joinConversationRoom(socket, this.access, socket.data.principal, conversationId);
      return { viewers: await this.viewers.view(socket, conversationId) };
    });
  }

  @SubscribeMessage('typing')
  typing(@ConnectedSocket() socket: ChatSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.answer('typing', async () => {
      this.load.assertServing('typing');
      const { conversationId, isTyping } = await validatePayload(TypingPayload, body);
      const { tenantId, userId } = socket.data.principal;
      // Behind the `typing-indicators` flag: a cached lookup, no query per event.
      await this.features.assertEnabled(socket.data.principal, 'typing-indicators');
      // Members only; in a direct conversation, the other person, whom a block keeps a start from (TypingService).
      const peer = await this.typingPeers.of(socket, conversationId);
      await this.typingState.typing({ tenantId, conversationId }, userId, isTyping, peer);
      return {};
    });
  }

  private answer<T extends object>(event: string, work: () => Promise<T>): Promise<Ack<T>> {
    return answer(event, work, this.metrics);
  }
}

import { Inject, Logger } from '@nestjs/common';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { SocketCallAudit } from '@chat/audit';
import type { Ack, ClientToServerEvents, Message, ServerToClientEvents } from '@chat/contracts';
import { ConversationAccess, MarkDeliveredCommand, MarkReadCommand } from '@chat/conversations';
import { Authenticator, type Principal } from '@chat/identity';
import { GetHistoryQuery, SendMessageCommand } from '@chat/messaging';
import { COMMAND_DISPATCHER, Metrics, QUERY_DISPATCHER, SOCKET_IO_PATH, toApiError, validatePayload, type CommandDispatcher, type QueryDispatcher } from '@chat/platform';
import { joinConversationRoom } from './conversation-room';
import { MessageFrames } from './message-frames';
import { conversationRoom, joinRooms, scopedAccountRoom, scopedRoom, sessionRoom, tenantRoom, userRoom } from './rooms';
import { answer } from './socket-ack';
import { ConnectionCaps } from './connection-caps/connection-caps';
import { negotiateProtocol, protocolFrame, UnsupportedProtocolError } from './socket-protocol';
import { ServerStatusTeller } from './server-status';
import { SocketEventBudgets } from './socket-event-budgets';
import { ConversationRefPayload, DeliveredPayload, ReadPayload, SendMessagePayload, SyncPayload } from './socket-payloads';
import { confineToTicketScope } from './ticket-scope';

export type ChatServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { principal: Principal }>;
export type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { principal: Principal }>;

/**
 * Client events of the contract that read or change stored state; every answer goes through the
 * ack. Frames come from RealtimeFanout (and, on a single node, a sent message's frame from here
 * right after its commit: see MessageFrames); presence and typing live in EphemeralGateway.
 */
@WebSocketGateway({ path: SOCKET_IO_PATH })
export class ChatGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger(ChatGateway.name);
  @WebSocketServer() server: ChatServer;

  constructor(
    private readonly authenticator: Authenticator,
    private readonly access: ConversationAccess,
    // In-process buses in all-in-one; the command/query apps over HTTP when the gateway is split.
    @Inject(COMMAND_DISPATCHER) private readonly commands: CommandDispatcher,
    @Inject(QUERY_DISPATCHER) private readonly queries: QueryDispatcher,
    private readonly metrics: Metrics,
    private readonly messageFrames: MessageFrames,
    private readonly connectionCaps: ConnectionCaps,
    private readonly audit: SocketCallAudit,
    private readonly budgets: SocketEventBudgets,
    private readonly status: ServerStatusTeller,
  ) {}

  afterInit(server: ChatServer): void {
    server.use((socket, next) => {
      // The contract version first (docs/api-versions.md): a client speaking one this server does not serve is told which it does.
      Promise.resolve()
        .then(() => negotiateProtocol(socket.handshake))
        .then(() => this.authenticator.fromHandshake(socket.handshake.auth?.token))
        // Within the account's and the tenant's connection caps, or refused (TOO_MANY_CONNECTIONS, TENANT_QUOTA_EXCEEDED) like any handshake failure.
        .then(async (principal) => (await this.connectionCaps.admit(socket, principal), principal))
        .then(
          (principal) => {
            socket.data.principal = principal;
            next();
          },
          (err) => {
            const failure = new Error(err?.message ?? 'Unauthenticated') as Error & { data: unknown };
            const { status, body } = toApiError(err, 'handshake');
            failure.data = { status, error: err instanceof UnsupportedProtocolError ? err.body(body) : body };
            this.logger.warn({ event: 'socket.refused', code: body.code, address: socket.handshake.address }, 'Socket handshake refused');
            next(failure);
          },
        );
    });
  }

  handleConnection(socket: ChatSocket): void {
    const { userId, sessionId, tenantId, ticketScope } = socket.data.principal;
    // A scoped ticket's socket hears about its conversations only (see rooms.ts) and acts on them only.
    const ownRooms = ticketScope ? [scopedAccountRoom(userId), ...ticketScope.map((id) => scopedRoom(id, userId))] : [userRoom(userId)];
    if (ticketScope) confineToTicketScope(socket, ticketScope, this.metrics);
    // After the scope: an event the ticket does not allow spends nothing.
    this.budgets.enforce(socket);
    // The protocol frame, the first a client gets, follows the user, login and tenant rooms'
    // subscriptions: frames addressed to this user from any node reach the socket from then on.
    // The login is looked at again then: one revoked (logout, ban, deletion) after the handshake's
    // check but before the rooms held the socket closed sockets that were not in them yet.
    // The node's status, when it has one to tell, comes right after the protocol frame.
    void joinRooms(socket, [...ownRooms, sessionRoom(sessionId), tenantRoom(tenantId)])
      .then(() => this.authenticator.isActive(socket.data.principal).catch(() => true)) // an outage of the database closes no socket
      .then(
        (active) => {
          if (!active) return void socket.disconnect(true);
          socket.emit('server.protocol', protocolFrame(negotiateProtocol(socket.handshake)));
          this.status.connected(socket);
        },
        (err) => this.logger.warn({ err, userId, socketId: socket.id }, 'Socket could not join its user rooms'),
      );
    this.metrics.socketConnections.inc();
    // Connection lifecycle at info (seed 001, OR-005): one line per connect and per disconnect, with why.
    this.logger.log({ event: 'socket.connected', userId, socketId: socket.id, recovered: socket.recovered }, 'Socket connected');
    socket.once('disconnect', (reason) => {
      this.metrics.socketConnections.dec();
      this.logger.log({ event: 'socket.disconnected', userId, socketId: socket.id, reason }, 'Socket disconnected');
    });
  }

  @SubscribeMessage('conversation.join')
  join(@ConnectedSocket() socket: ChatSocket, @MessageBody() body: unknown): Promise<Ack<{ lastSeq: number }>> {
    return this.answer('conversation.join', async () => {
      const { conversationId } = await validatePayload(ConversationRefPayload, body);
      // Acknowledged once frames from every node reach the socket, so that a client syncing from
      // `lastSeq` after the ack misses nothing in between.
      const { conversation } = await joinConversationRoom(socket, this.access, socket.data.principal, conversationId);
      this.logger.log({ event: 'socket.joined', userId: socket.data.principal.userId, socketId: socket.id, conversationId }, 'Socket joined a conversation');
      return { lastSeq: conversation.lastSeq };
    });
  }

  @SubscribeMessage('conversation.leave')
  leave(@ConnectedSocket() socket: ChatSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.answer('conversation.leave', async () => {
      const { conversationId } = await validatePayload(ConversationRefPayload, body);
      await socket.leave(conversationRoom(conversationId));
      this.logger.log({ event: 'socket.left', userId: socket.data.principal.userId, socketId: socket.id, conversationId }, 'Socket left a conversation');
      return {};
    });
  }

  @SubscribeMessage('message.send')
  send(@ConnectedSocket() socket: ChatSocket, @MessageBody() body: unknown): Promise<Ack<{ message: Message }>> {
    return this.answer('message.send', async () => {
      const { conversationId, ...input } = await validatePayload(SendMessagePayload, body);
      const { message, deliverableAtOnce } = await this.commands.execute(new SendMessageCommand(socket.data.principal, conversationId, input));
      this.messageFrames.atCommit(this.server, message, deliverableAtOnce);
      return { message };
    });
  }

  @SubscribeMessage('sync')
  sync(@ConnectedSocket() socket: ChatSocket, @MessageBody() body: unknown): Promise<Ack<{ messages: Message[]; hasMore: boolean }>> {
    const { principal } = socket.data;
    const asked = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    // Audited like a REST history page: the entry is written before the ack leaves.
    const audited = { conversation: asked.conversationId, details: { via: 'socket', afterSeq: asked.afterSeq, limit: asked.limit } };
    const caller = { tenantId: principal.tenantId, userId: principal.userId, ip: socket.handshake.address ?? null };
    return this.answer('sync', () =>
      this.audit.run('history.read', caller, audited, async () => {
        const { conversationId, afterSeq, limit } = await validatePayload(SyncPayload, body);
        return this.queries.execute(new GetHistoryQuery(principal, conversationId, { after: afterSeq, limit }));
      }),
    );
  }

  @SubscribeMessage('read')
  read(@ConnectedSocket() socket: ChatSocket, @MessageBody() body: unknown): Promise<Ack<{ lastReadSeq: number }>> {
    return this.answer('read', async () => {
      const { conversationId, seq } = await validatePayload(ReadPayload, body);
      return this.commands.execute(new MarkReadCommand(socket.data.principal, conversationId, seq));
    });
  }

  @SubscribeMessage('delivered')
  delivered(@ConnectedSocket() socket: ChatSocket, @MessageBody() body: unknown): Promise<Ack<{ tracked: boolean }>> {
    return this.answer('delivered', async () => {
      const { conversationId, seq } = await validatePayload(DeliveredPayload, body);
      return this.commands.execute(new MarkDeliveredCommand(socket.data.principal, conversationId, seq));
    });
  }

  private answer<T extends object>(event: string, work: () => Promise<T>): Promise<Ack<T>> {
    return answer(event, work, this.metrics);
  }
}

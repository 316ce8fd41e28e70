import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { UsageMeter } from '@chat/tenancy';
import { ChatGateway, type ChatSocket } from '../chat.gateway';
import { packetBytes } from './packet-bytes';

/**
 * Meters every admitted socket for its tenant (@chat/tenancy UsageMeter): the time it stays
 * connected and the bytes of every engine.io packet written to it. Counting at the packet, per
 * socket, covers every frame (fan-out from this node or from others through the adapter, acks,
 * presence, typing, pings) and charges it to the tenant of the socket that receives it. The
 * listener only adds a number; the encoded string is the one Socket.IO already built.
 *
 * Taken as the last handshake middleware (after authentication and the tenant's connection cap,
 * which the gateway registers at init), so the CONNECT packet and everything after it count; the
 * engine.io handshake before it does not. The meter stops at the first of the socket's disconnect
 * and its connection's close, so a client gone during the handshake stops too.
 */
@Injectable()
export class SocketUsage implements OnApplicationBootstrap {
  constructor(
    private readonly gateway: ChatGateway,
    private readonly meter: UsageMeter,
  ) {}

  onApplicationBootstrap(): void {
    this.gateway.server.use((socket, next) => {
      this.track(socket);
      next();
    });
  }

  private track(socket: ChatSocket): void {
    const usage = this.meter.socketOpened(socket.data.principal.tenantId);
    const stop = () => usage.closed();
    socket.conn.on('packetCreate', (packet: { data?: unknown }) => usage.sent(packetBytes(packet.data)));
    socket.conn.once('close', stop);
    socket.once('disconnect', stop);
  }
}

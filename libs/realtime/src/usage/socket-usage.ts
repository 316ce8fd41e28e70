import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { UsageMeter, type TenantSockets } from '@chat/tenancy';
import { ChatGateway, type ChatSocket } from '../chat.gateway';
import { packetBytes } from './packet-bytes';

type Connection = ChatSocket['conn'];

/**
 * Meters every admitted socket for its tenant (@chat/tenancy UsageMeter): the time it stays
 * connected and the bytes of every engine.io packet written to it. Counting at the packet, per
 * socket, covers every frame (fan-out from this node or from others through the adapter, acks,
 * presence, typing, pings) and charges it to the tenant of the socket that receives it. The
 * listener only looks the tenant's counter up and adds a number; the encoded string is the one
 * Socket.IO already built.
 *
 * Taken as the last handshake middleware (after authentication and the tenant's connection cap,
 * which the gateway registers at init), so the CONNECT packet and everything after it count; the
 * engine.io handshake before it does not. The meter stops at the first of the socket's disconnect
 * and its connection's close, so a client gone during the handshake stops too.
 *
 * An idle connection is the cost that matters here, so a socket gets no object or closure of its
 * own: the three listeners are made once and shared (the emitter calls each with itself as
 * `this`), and a connection's one piece of state is its entry in `metered`, cleared at the stop,
 * which makes the stop happen once whichever of its two events comes first, or both.
 */
@Injectable()
export class SocketUsage implements OnApplicationBootstrap {
  /**
   * Each connection seen: its tenant's counter while metered, null once stopped. The entry outlives
   * the stop so a connection's listeners are attached once, however many sockets it carries.
   */
  private readonly metered = new WeakMap<Connection, TenantSockets | null>();

  constructor(
    private readonly gateway: ChatGateway,
    private readonly meter: UsageMeter,
  ) {}

  onApplicationBootstrap(): void {
    const { metered, meter } = this;
    const stop = (conn: Connection) => {
      const tenant = metered.get(conn);
      if (!tenant) return;
      metered.set(conn, null);
      meter.socketClosed(tenant);
    };
    function countPacket(this: Connection, packet: { data?: unknown }) {
      metered.get(this)?.sent(packetBytes(packet.data));
    }
    function stopAtClose(this: Connection) {
      stop(this);
    }
    function stopAtDisconnect(this: ChatSocket) {
      stop(this.conn);
    }
    this.gateway.server.use((socket, next) => {
      const { conn } = socket;
      // A second socket on a metered connection (a client made by hand) adds nothing: the connection's packets already count.
      if (!metered.get(conn)) {
        if (!metered.has(conn)) {
          conn.on('packetCreate', countPacket);
          conn.on('close', stopAtClose);
        }
        metered.set(conn, meter.socketOpened(socket.data.principal.tenantId));
        socket.on('disconnect', stopAtDisconnect);
      }
      next();
    });
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { ServerStatusFrame } from '@chat/contracts';
import { APP_CONFIG, LoadMonitor, inTurns, receiptIntervalFor, serverStatus, type AppConfig, type ReceiptPacingConfig, type Turns } from '@chat/platform';
import type { ChatServer, ChatSocket } from './chat.gateway';

/** Sockets told of a change per turn of the event loop. */
const STATUS_SOCKETS_PER_TURN = 250;

/**
 * Tells this node's sockets what it asks of clients now (`server.status`): its load level (what is
 * paused) and the receipt interval, which grows with the sockets it holds (receiptIntervalFor).
 * Each node tells its own sockets, not through the adapter: both are this node's business.
 *
 * A socket hears it on connect unless both are at rest (normal, the least interval), and every
 * socket hears each change, a slice per turn of the event loop: in one go, a level's change would
 * hold the loop for every socket's write at the moment it is busiest (2,000 sockets took 57 ms on a
 * 2-core box). A newer change drops what is left of the older one's slices.
 */
@Injectable()
export class ServerStatusTeller {
  private readonly pacing: ReceiptPacingConfig;
  private server: ChatServer | null = null;
  private receiptIntervalMs: number;
  private telling: Turns | null = null;

  constructor(
    private readonly load: LoadMonitor,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.pacing = config.load.receipts;
    this.receiptIntervalMs = this.pacing.minIntervalMs;
  }

  attach(server: ChatServer): void {
    this.server = server;
    this.load.onChange(() => this.tellEveryone());
  }

  /** A socket connected (it is counted already): it hears the status if not at rest, or everyone does if the interval moved. */
  connected(socket: ChatSocket): void {
    if (this.repace()) return this.tellEveryone();
    const status = this.status();
    if (status.level !== 'normal' || this.receiptIntervalMs > this.pacing.minIntervalMs) socket.emit('server.status', status);
  }

  /** A socket left (it is no longer counted): everyone hears of a shorter interval. */
  disconnected(): void {
    if (this.repace()) this.tellEveryone();
  }

  /** Whether the interval asked changed with the count of sockets now. */
  private repace(): boolean {
    const sockets = this.server?.sockets.sockets.size ?? 0;
    const next = receiptIntervalFor(sockets, this.receiptIntervalMs, this.pacing);
    if (next === this.receiptIntervalMs) return false;
    this.receiptIntervalMs = next;
    return true;
  }

  private status(): ServerStatusFrame {
    return { ...serverStatus(this.load.current.level), receiptIntervalMs: this.receiptIntervalMs };
  }

  private tellEveryone(): void {
    if (!this.server) return;
    this.telling?.cancel();
    const status = this.status();
    this.telling = inTurns([...this.server.sockets.sockets.values()], STATUS_SOCKETS_PER_TURN, (socket) => socket.connected && socket.emit('server.status', status));
  }
}
